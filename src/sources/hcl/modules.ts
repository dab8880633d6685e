/**
 * Module instances and resource instances, expanded by count and for_each where those are known.
 * Everything is computed on demand and remembered: a module output is evaluated once per module
 * instance however many resources read it, and a cycle reads as UNKNOWN instead of looping.
 */
import { join } from "node:path";
import { redactSecretNames, Interner } from "../plan/paths.js";
import { evaluateBody, type EvaluatedBody } from "./body.js";
import type { ModuleCallDecl, ModuleConfig, ResourceDecl } from "./config.js";
import { bind, evaluateOrUnknown, type Scope } from "./evaluate.js";
import { renderPolicyDocument } from "./policy-document.js";
import { convert } from "./types.js";
import { EvalError, Lazy, UNKNOWN, isMap, setKey, settle, sortedKeys, toNum, type Value, type ValueMap } from "./values.js";

/** What the whole scan shares: parsed module directories, root variable values, notes. */
export interface ScanContext {
  /** By directory as shown to the user. */
  configs: Map<string, ModuleConfig>;
  rootVars: Map<string, Value>;
  rootDir: string;
  notes: string[];
}

/** How many instances a resource or module call has. */
export type Expansion =
  | { kind: "single" }
  | { kind: "count"; count: number }
  | { kind: "for_each"; entries: [string, Value][] }
  | { kind: "unknown"; meta: "count" | "for_each" };

interface InstanceKey {
  /** `[0]`, `["logs"]`, or "" for a single instance. */
  suffix: string;
  /** `count` / `each` as the instance sees them. */
  bindings: Record<string, Value>;
}

const BUSY: unique symbol = Symbol("busy");

/** Whether a module source is a directory of this repository (`./x`, `../x`), as Terraform decides. */
export function isLocalSource(source: string): boolean {
  return /^\.\.?[\\/]/.test(source);
}

export function expand(count: import("./syntax.js").Expr | undefined, forEach: import("./syntax.js").Expr | undefined, scope: Scope): Expansion {
  if (count) {
    const v = settle(evaluateOrUnknown(count, scope));
    try {
      const n = v === UNKNOWN || v === null ? NaN : toNum(v);
      if (Number.isInteger(n) && n >= 0) return { kind: "count", count: n };
    } catch (err) {
      if (!(err instanceof EvalError)) throw err;
    }
    return { kind: "unknown", meta: "count" };
  }
  if (forEach) {
    const v = evaluateOrUnknown(forEach, scope);
    const c = v instanceof Lazy ? v.materialize() : v;
    if (isMap(c)) return { kind: "for_each", entries: sortedKeys(c).map((k) => [k, c[k]!]) };
    if (Array.isArray(c) && c.every((e) => typeof e === "string")) {
      const keys = [...new Set(c as string[])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return { kind: "for_each", entries: keys.map((k) => [k, k]) };
    }
    return { kind: "unknown", meta: "for_each" };
  }
  return { kind: "single" };
}

function instanceKeys(e: Expansion): InstanceKey[] {
  switch (e.kind) {
    case "single":
      return [{ suffix: "", bindings: {} }];
    case "count":
      return Array.from({ length: e.count }, (_, i) => ({ suffix: `[${i}]`, bindings: { count: { index: i } } }));
    case "for_each":
      return e.entries.map(([key, value]) => ({ suffix: `[${JSON.stringify(key)}]`, bindings: { each: { key, value } } }));
    case "unknown":
      // One stand-in instance: what does not depend on its key is still judged.
      return [{ suffix: "", bindings: e.meta === "count" ? { count: { index: UNKNOWN } } : { each: { key: UNKNOWN, value: UNKNOWN } } }];
  }
}

/** Instances shaped as a reference to the whole resource or module call sees them. */
function shape<T>(e: Expansion, items: T[], keys: InstanceKey[], wrap: (t: T) => Value): Value {
  switch (e.kind) {
    case "single":
      return items[0] === undefined ? UNKNOWN : wrap(items[0]);
    case "count":
      return items.map(wrap);
    case "for_each": {
      const out: ValueMap = {};
      items.forEach((t, i) => setKey(out, (keys[i]!.bindings.each as ValueMap).key as string, wrap(t)));
      return out;
    }
    case "unknown":
      return UNKNOWN;
  }
}

export class ResourceInstance {
  private evaluated: EvaluatedBody | typeof BUSY | undefined;

  constructor(
    readonly decl: ResourceDecl,
    readonly module: ModuleInstance,
    readonly key: string,
    readonly scope: Scope,
  ) {}

  get baseAddress(): string {
    const local = `${this.decl.mode === "data" ? "data." : ""}${this.decl.type}.${this.decl.name}`;
    return this.module.address ? `${this.module.address}.${local}` : local;
  }

  get address(): string {
    return this.baseAddress + this.key;
  }

  /** The evaluated body; undefined while it is being evaluated (a reference cycle). */
  body(): EvaluatedBody | undefined {
    if (this.evaluated === BUSY) return undefined;
    if (this.evaluated === undefined) {
      this.evaluated = BUSY;
      this.evaluated = evaluateBody(this.decl.block.body, this.scope);
    }
    return this.evaluated;
  }
}

/** A resource instance as other expressions see it: what configuration sets, nothing computed. */
class ResourceObject extends Lazy {
  constructor(private readonly instance: ResourceInstance) {
    super();
  }

  attr(name: string): Value {
    const body = this.instance.body();
    const v = body?.values[name];
    if (v === undefined || !Object.prototype.hasOwnProperty.call(body!.values, name)) return UNKNOWN;
    // A secret never travels into another resource's values.
    if (this.instance.module.scan.isSensitiveAttribute(this.instance, name)) return UNKNOWN;
    const probe: Record<string, unknown> = { [name]: v };
    redactSecretNames(this.instance.decl.type, probe, false, new Set(), new Interner());
    return probe[name] === v ? partial(v) : UNKNOWN;
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

function partial(v: Value): Value {
  if (Array.isArray(v)) return v.map(partial);
  return isMap(v) ? new PartialObject(v) : v;
}

/** Data sources are read at plan time; the one read without an API call is rendered here. */
class DataObject extends Lazy {
  constructor(private readonly instance: ResourceInstance) {
    super();
  }

  attr(name: string): Value {
    if (this.instance.decl.type !== "aws_iam_policy_document" || (name !== "json" && name !== "minified_json")) return UNKNOWN;
    const body = this.instance.body();
    return body ? renderPolicyDocument(body.values, name === "json") : UNKNOWN;
  }

  materialize(): Value {
    return UNKNOWN;
  }
}

class ModuleObject extends Lazy {
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
class Namespace extends Lazy {
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

export interface ChildCall {
  decl: ModuleCallDecl;
  /** Not a directory of this repository: not read at all. */
  remote: boolean;
  expansion: Expansion;
  keys: InstanceKey[];
  instances: ModuleInstance[];
}

/** Sensitivity of attributes is decided by the references module, which knows variable declarations. */
export interface SensitivityOracle {
  isSensitiveAttribute(instance: ResourceInstance, name: string): boolean;
}

export class ModuleInstance {
  readonly scope: Scope;
  private readonly varValues = new Map<string, Value | typeof BUSY>();
  private readonly localValues = new Map<string, Value | typeof BUSY>();
  private readonly outputValues = new Map<string, Value | typeof BUSY>();
  private readonly children = new Map<string, ChildCall>();
  private readonly expansions = new Map<ResourceDecl, { expansion: Expansion; keys: InstanceKey[]; instances: ResourceInstance[] }>();

  constructor(
    readonly ctx: ScanContext,
    readonly config: ModuleConfig,
    /** `module.a["x"].module.b`, "" for the root module. */
    readonly address: string,
    readonly scan: SensitivityOracle,
    readonly parent?: ModuleInstance,
    readonly call?: ModuleCallDecl,
    /** The caller's scope with this instance's count/each: where input expressions are evaluated. */
    readonly callScope?: Scope,
  ) {
    const path: ValueMap = { module: config.dir, root: ctx.rootDir, cwd: process.cwd() };
    const names: Record<string, Value> = {
      var: new Namespace((n) => this.varValue(n), () => this.allOf(this.config.variables.keys(), (n) => this.varValue(n))),
      local: new Namespace((n) => this.localValue(n)),
      module: new Namespace((n) => this.callValue(n)),
      data: new Namespace((type) => new Namespace((name) => this.resourceValue(this.config.data.get(`${type}.${name}`), `data.${type}.${name}`))),
      path,
      terraform: { workspace: UNKNOWN },
    };
    this.scope = {
      get: (name) => {
        if (Object.prototype.hasOwnProperty.call(names, name)) return names[name];
        if (name === "count" || name === "each" || name === "self") return undefined;
        return new Namespace((n) => this.resourceValue(this.config.managed.get(`${name}.${n}`), `${name}.${n}`));
      },
    };
  }

  private allOf(names: Iterable<string>, read: (n: string) => Value): Value {
    const out: ValueMap = {};
    for (const n of names) setKey(out, n, read(n));
    return out;
  }

  private memo(cache: Map<string, Value | typeof BUSY>, key: string, compute: () => Value): Value {
    const known = cache.get(key);
    if (known === BUSY) return UNKNOWN;
    if (known !== undefined) return known;
    cache.set(key, BUSY);
    const v = compute();
    cache.set(key, v);
    return v;
  }

  varValue(name: string): Value {
    const decl = this.config.variables.get(name);
    if (!decl) throw new EvalError(`no variable ${name}`);
    return this.memo(this.varValues, name, () => {
      const fallback = () => (decl.default ? convert(settle(evaluateOrUnknown(decl.default, EMPTY)), decl.type) : UNKNOWN);
      if (!this.call || !this.callScope) {
        const given = this.ctx.rootVars.get(name);
        return given !== undefined ? given : fallback();
      }
      const arg = this.call.args.get(name);
      if (!arg) return fallback();
      const v = convert(evaluateOrUnknown(arg.expr, this.callScope), decl.type);
      return v === null && !decl.nullable && decl.default ? fallback() : v;
    });
  }

  localValue(name: string): Value {
    const decl = this.config.locals.get(name);
    if (!decl) throw new EvalError(`no local ${name}`);
    return this.memo(this.localValues, name, () => evaluateOrUnknown(decl.expr, this.scope));
  }

  outputValue(name: string): Value {
    const decl = this.config.outputs.get(name);
    if (!decl) throw new EvalError(`no output ${name}`);
    return this.memo(this.outputValues, name, () => (decl.value ? evaluateOrUnknown(decl.value, this.scope) : null));
  }

  /** A module call's instances, created on first use. */
  childCall(name: string): ChildCall | undefined {
    const known = this.children.get(name);
    if (known) return known;
    const decl = this.config.calls.get(name);
    if (!decl) return undefined;
    const prefix = this.address ? `${this.address}.` : "";
    const source = decl.source;
    if (source === undefined || !isLocalSource(source)) {
      const call: ChildCall = { decl, remote: true, expansion: { kind: "single" }, keys: [], instances: [] };
      this.children.set(name, call);
      const why = source === undefined ? "source is not a literal string" : "remote module source";
      this.ctx.notes.push(`${prefix}module.${name} (${source ?? "?"}): ${why}, not scanned`);
      return call;
    }
    const config = this.ctx.configs.get(join(this.config.dir, source));
    const expansion = expand(decl.count, decl.forEach, this.scope);
    const keys = instanceKeys(expansion);
    const call: ChildCall = { decl, remote: false, expansion, keys, instances: [] };
    this.children.set(name, call);
    if (!config) return call;
    if (expansion.kind === "unknown") {
      this.ctx.notes.push(`${prefix}module.${name}: ${expansion.meta} is not known statically; its resources are judged as one instance, and values that depend on ${expansion.meta === "count" ? "count.index" : "each.key/each.value"} are unknown`);
    }
    for (const k of keys) {
      const address = `${prefix}module.${name}${k.suffix}`;
      call.instances.push(new ModuleInstance(this.ctx, config, address, this.scan, this, decl, bind(this.scope, k.bindings)));
    }
    return call;
  }

  private callValue(name: string): Value {
    const call = this.childCall(name);
    if (!call) throw new EvalError(`no module call ${name}`);
    if (call.remote) return UNKNOWN;
    return shape(call.expansion, call.instances, call.keys, (i) => new ModuleObject(i));
  }

  /** A resource's (or data source's) instances, expanded on first use. */
  instancesOf(decl: ResourceDecl): ResourceInstance[] {
    return this.expansionOf(decl).instances;
  }

  private expansionOf(decl: ResourceDecl) {
    let known = this.expansions.get(decl);
    if (known) return known;
    const expansion = expand(decl.count, decl.forEach, this.scope);
    const keys = instanceKeys(expansion);
    known = { expansion, keys, instances: [] as ResourceInstance[] };
    this.expansions.set(decl, known);
    for (const k of keys) known.instances.push(new ResourceInstance(decl, this, k.suffix, bind(this.scope, k.bindings)));
    if (expansion.kind === "unknown" && decl.mode === "managed") {
      this.ctx.notes.push(`${known.instances[0]!.baseAddress}: ${expansion.meta} is not known statically; judged as one instance, and values that depend on ${expansion.meta === "count" ? "count.index" : "each.key/each.value"} are unknown`);
    }
    return known;
  }

  private resourceValue(decl: ResourceDecl | undefined, what: string): Value {
    if (!decl) throw new EvalError(`no ${what} in this module`);
    const { expansion, keys, instances } = this.expansionOf(decl);
    return shape(expansion, instances, keys, (i) => (decl.mode === "data" ? new DataObject(i) : new ResourceObject(i)));
  }
}

const EMPTY: Scope = { get: () => undefined };

/** The directory a local module source names, as shown to the user. */
export function childDir(parentDir: string, source: string): string {
  return join(parentDir, source);
}


