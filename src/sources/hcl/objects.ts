/**
 * Lazy values standing for things configuration can reference: a resource or data source instance,
 * a module instance (its outputs), and the namespaces `var`, `local`, `module`, `data`, `<type>`.
 * Each computes what is asked of it, when it is asked.
 */
import { Interner, redactSecretNames } from "../plan/paths.js";
import type { ModuleInstance, ResourceInstance } from "./modules.js";
import { renderPolicyDocument } from "./policy-document.js";
import { EvalError, Lazy, UNKNOWN, isMap, setKey, type Value, type ValueMap } from "./values.js";

/** A resource instance as other expressions see it: what configuration sets, nothing computed. */
export class ResourceObject extends Lazy {
  constructor(private readonly instance: ResourceInstance) {
    super();
  }

  attr(name: string): Value {
    const body = this.instance.body();
    const v = body?.values[name];
    if (v === undefined || !Object.prototype.hasOwnProperty.call(body!.values, name)) return UNKNOWN;
    // A secret never travels into another resource's values.
    if (this.instance.module.scan.isSensitiveAttribute(this.instance, name)) return UNKNOWN;
    return holdsSecretName(this.instance.decl.type, name, v) ? UNKNOWN : partial(v);
  }

  materialize(): Value {
    return UNKNOWN;
  }
}

/**
 * A block or map as configuration wrote it: the provider may add computed attributes, so one that
 * is not written is unknown (not missing), and the whole object is not known.
 */
class PartialObject extends Lazy {
  constructor(private readonly written: ValueMap) {
    super();
  }

  attr(name: string): Value {
    return Object.prototype.hasOwnProperty.call(this.written, name) ? partial(this.written[name]!) : UNKNOWN;
  }

  materialize(): Value {
    return UNKNOWN;
  }
}

/** Whether the value sits under, or holds, a name that says secret (checked on a copy: values are shared). */
function holdsSecretName(type: string, name: string, v: Value): boolean {
  const found = new Set<string>();
  redactSecretNames(type, { [name]: plain(v) }, false, found, new Interner());
  return found.size > 0;
}

function plain(v: Value): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (isMap(v)) return Object.fromEntries(Object.keys(v).map((k) => [k, plain(v[k]!)]));
  return v === UNKNOWN || v instanceof Lazy ? null : v;
}

function partial(v: Value): Value {
  if (Array.isArray(v)) return v.map(partial);
  return isMap(v) ? new PartialObject(v) : v;
}

/** Data sources are read at plan time; the one read without an API call is rendered here. */
export class DataObject extends Lazy {
  constructor(private readonly instance: ResourceInstance) {
    super();
  }

  attr(name: string): Value {
    if (this.instance.decl.type !== "aws_iam_policy_document" || (name !== "json" && name !== "minified_json")) return UNKNOWN;
    const body = this.instance.body();
    if (!body || Object.keys(body.values).some((k) => this.instance.module.scan.isSensitiveAttribute(this.instance, k))) return UNKNOWN;
    return renderPolicyDocument(body.values, name === "json");
  }

  materialize(): Value {
    return UNKNOWN;
  }
}

export class ModuleObject extends Lazy {
  constructor(private readonly instance: ModuleInstance) {
    super();
  }

  attr(name: string): Value {
    if (!this.instance.config.outputs.has(name)) throw new EvalError(`module has no output ${name}`);
    return this.instance.outputValue(name);
  }

  materialize(): Value {
    const out: ValueMap = {};
    for (const name of this.instance.config.outputs.keys()) setKey(out, name, this.instance.outputValue(name));
    return out;
  }
}

/** `var`, `local`, `module`, `data.<type>`, `<resource type>`: names read attribute by attribute. */
export class Namespace extends Lazy {
  constructor(
    private readonly read: (name: string) => Value,
    private readonly all?: () => Value,
  ) {
    super();
  }

  attr(name: string): Value {
    return this.read(name);
  }

  materialize(): Value {
    if (!this.all) throw new EvalError("not a value");
    return this.all();
  }
}
