/**
 * Module instances and resource instances, expanded by count and for_each where those are known.
 * Everything is computed on demand and remembered: a module output is evaluated once per module
 * instance however many resources read it, and a cycle reads as UNKNOWN instead of looping.
 */
import { join } from "node:path";
import { evaluateBody, type EvaluatedBody } from "./body.js";
import type { ModuleCallDecl, ModuleConfig, ResourceDecl } from "./config.js";
import { bind, evaluateOrUnknown, type Scope } from "./evaluate.js";
import { expand, instanceKeys, shape, type Expansion, type InstanceKey } from "./expansion.js";
import { DataObject, ModuleObject, Namespace, ResourceObject } from "./objects.js";
import { convert } from "./types.js";
import { EvalError, UNKNOWN, settle, setKey, type Value, type ValueMap } from "./values.js";

/** What the whole scan shares: parsed module directories, root variable values, notes. */
export interface ScanContext {
  /** By directory as shown to the user. */
  configs: Map<string, ModuleConfig>;
  rootVars: Map<string, Value>;
  rootDir: string;
  notes: string[];
}

const BUSY: unique symbol = Symbol("busy");

/** Whether a module source is a directory of this repository (`./x`, `../x`), as Terraform decides. */
export function isLocalSource(source: string): boolean {
  return /^\.\.?[\\/]/.test(source);
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

export interface ChildCall {
  decl: ModuleCallDecl;
  /** Not a directory of this repository: not read at all. */
  remote: boolean;
  expansion: Expansion;
  keys: InstanceKey[];
  instances: ModuleInstance[];
  /** `module.<name>` as expressions see it, built once. */
  value?: Value;
}

interface Expanded {
  expansion: Expansion;
  keys: InstanceKey[];
  instances: ResourceInstance[];
  /** `<type>.<name>` as expressions see it, built once. */
  value?: Value;
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
  private readonly children = new Map<string, ChildCall | typeof BUSY>();
  private readonly expansions = new Map<ResourceDecl, Expanded | typeof BUSY>();

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
    // A count or for_each that depends on the call's own outputs: a cycle Terraform refuses too.
    if (known === BUSY) return undefined;
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
    this.children.set(name, BUSY);
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
    if (!this.config.calls.has(name)) throw new EvalError(`no module call ${name}`);
    const call = this.childCall(name);
    if (!call || call.remote) return UNKNOWN;
    call.value ??= shape(call.expansion, call.instances, call.keys, (i) => new ModuleObject(i));
    return call.value;
  }

  /** A resource's (or data source's) instances, expanded on first use. */
  instancesOf(decl: ResourceDecl): ResourceInstance[] {
    return this.expansionOf(decl)?.instances ?? [];
  }

  /** Undefined while count or for_each is being evaluated: it refers to the resource itself. */
  private expansionOf(decl: ResourceDecl): Expanded | undefined {
    const known = this.expansions.get(decl);
    if (known === BUSY) return undefined;
    if (known) return known;
    this.expansions.set(decl, BUSY);
    const expansion = expand(decl.count, decl.forEach, this.scope);
    const keys = instanceKeys(expansion);
    const expanded: Expanded = { expansion, keys, instances: [] };
    this.expansions.set(decl, expanded);
    for (const k of keys) expanded.instances.push(new ResourceInstance(decl, this, k.suffix, bind(this.scope, k.bindings)));
    if (expansion.kind === "unknown" && decl.mode === "managed") {
      this.ctx.notes.push(`${expanded.instances[0]!.baseAddress}: ${expansion.meta} is not known statically; judged as one instance, and values that depend on ${expansion.meta === "count" ? "count.index" : "each.key/each.value"} are unknown`);
    }
    return expanded;
  }

  private resourceValue(decl: ResourceDecl | undefined, what: string): Value {
    if (!decl) throw new EvalError(`no ${what} in this module`);
    const e = this.expansionOf(decl);
    if (!e) return UNKNOWN;
    e.value ??= shape(e.expansion, e.instances, e.keys, (i) => (decl.mode === "data" ? new DataObject(i) : new ResourceObject(i)));
    return e.value;
  }
}

const EMPTY: Scope = { get: () => undefined };


