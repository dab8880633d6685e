/**
 * `configuration` → per-resource Expression maps, with references resolved to absolute resource
 * base addresses: through module outputs (down), module-call arguments for `var.` (up), any depth.
 */
import type { Expression } from "../../model/resource.js";
import { splitSteps, withModuleKeys, type ModulePath, type Step } from "./address.js";
import { strings, type ConfigEntry, type ConfigModule, type Configuration } from "./config.js";
import type { Interner } from "./paths.js";

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function obj(v: unknown): Json {
  return isObject(v) ? v : {};
}

/** A module of the configuration, known by its keyless path. */
export interface ModuleContext {
  /** `module.a.module.b`, "" for the root. */
  path: string;
  names: string[];
  parent?: ModuleContext;
  /** The arguments (`expressions`) of the `module_calls` entry in the parent that calls this module. */
  args?: unknown;
  /** The module's `outputs` and `variables` as parsed. */
  outputs: unknown;
  variables: unknown;
  children: Map<string, ModuleContext>;
  /** Managed resources by type, then name. */
  resources: Map<string, Map<string, ConfigResource>>;
  vars: Map<string, Resolved>;
  resolvedOutputs: Map<string, Resolved>;
  /** Expressions built here, by their references: a module repeats them (`var.name_prefix`). */
  expressions: Map<string, Expression>;
  /** References to the module's own objects, resolved (`localRef`); null for none. */
  locals: Map<string, string | null>;
}

interface Resolved {
  refs: string[];
  /** Every reference led to a constant in a caller: the value was written as a literal. */
  constant: boolean;
}

export interface ConfigResource {
  context: ModuleContext;
  /** The configuration entry; dropped once its expressions are built. */
  entry: ConfigEntry | undefined;
  providerKey: string | undefined;
  expressions?: Readonly<Record<string, Expression>>;
  /** Per module instance (`module.a["x"]`) when instance keys had to be put back into references. */
  keyed?: Map<string, Readonly<Record<string, Expression>>>;
}

export const NO_EXPRESSIONS: Readonly<Record<string, Expression>> = Object.freeze({});
/** Shared by every attribute written as a constant (most of them). */
const LITERAL: Expression = Object.freeze({ references: Object.freeze([]) as unknown as string[], literal: true });

/** Names that are not objects of the plan: the instance's own key, paths, the workspace. */
const IGNORED_HEADS = new Set(["count", "each", "path", "terraform", "self"]);
const MAX_DEPTH = 64;

export class ConfigIndex {
  readonly root: ModuleContext;
  private readonly modules = new Map<string, ModuleContext>();
  /** `splitSteps` by reference: every module instance repeats the same references. */
  private readonly steps = new Map<string, Step[]>();
  /** `memoKey` by list of references. */
  private readonly keys = new Map<readonly string[], string>();

  constructor(
    configuration: Configuration,
    private readonly intern: Interner,
  ) {
    this.root = this.addModule(configuration.root, "", []);
  }

  private addModule(node: ConfigModule, path: string, names: string[], parent?: ModuleContext, args?: unknown): ModuleContext {
    const context: ModuleContext = {
      path,
      names,
      outputs: node.outputs,
      variables: node.variables,
      children: new Map(),
      resources: new Map(),
      vars: new Map(),
      resolvedOutputs: new Map(),
      expressions: new Map(),
      locals: new Map(),
    };
    if (parent) {
      context.parent = parent;
      context.args = args;
    }
    this.modules.set(path, context);
    for (const entry of node.resources) {
      let byName = context.resources.get(entry.type);
      if (!byName) context.resources.set(entry.type, (byName = new Map()));
      byName.set(entry.name, { context, entry, providerKey: entry.providerKey });
    }
    // Only the index keeps them, so each can be freed once its expressions are built.
    node.resources = [];
    for (const [name, call] of node.calls) {
      const childPath = path ? `${path}.module.${name}` : `module.${name}`;
      context.children.set(name, this.addModule(call.module, childPath, [...names, name], context, call.expressions));
    }
    return context;
  }

  module(keylessPath: string): ModuleContext | undefined {
    return this.modules.get(keylessPath);
  }

  resource(keylessPath: string, type: string, name: string): ConfigResource | undefined {
    return this.modules.get(keylessPath)?.resources.get(type)?.get(name);
  }

  /**
   * Expressions for one instance. Instances share one frozen map; inside count/for_each modules each
   * module instance gets a map whose references carry its keys first, then the keyless form.
   */
  expressionsFor(resource: ConfigResource, module: ModulePath): Readonly<Record<string, Expression>> {
    resource.expressions ??= this.build(resource);
    if (!module.hasKeys) return resource.expressions;
    resource.keyed ??= new Map();
    let keyed = resource.keyed.get(module.address);
    if (!keyed) {
      keyed = rekey(resource.expressions, module, this.intern);
      resource.keyed.set(module.address, keyed);
    }
    return keyed;
  }

  private build(resource: ConfigResource): Readonly<Record<string, Expression>> {
    const out: Record<string, Expression> = {};
    const entry = resource.entry;
    if (entry) {
      const { paths, refs } = entry.expressions;
      for (let k = 0; k < paths.length; k++) {
        const written = refs[k];
        out[paths[k]!] = written === undefined ? LITERAL : this.expression(resource.context, written);
      }
    }
    resource.entry = undefined;
    return Object.freeze(out);
  }

  /** The expression for `raw` references written in `context`; frozen, so shared by every use there. */
  private expression(context: ModuleContext, raw: readonly string[]): Expression {
    const key = this.memoKey(raw);
    let e = context.expressions.get(key);
    if (e === undefined) {
      const r = this.resolveList(context, raw, 0);
      if (r.constant) e = LITERAL;
      else {
        const perInstance = raw.some((x) => x === "count.index" || x.startsWith("each."));
        e = Object.freeze({ references: Object.freeze(r.refs) as unknown as string[], literal: false, ...(perInstance ? { perInstance } : {}) });
      }
      context.expressions.set(key, e);
    }
    return e;
  }

  /** A string for a list of references; lists are shared between modules (`FlatExpressions`). */
  private memoKey(raw: readonly string[]): string {
    if (raw.length === 1) return raw[0]!;
    let key = this.keys.get(raw);
    // Distinct keys for [] and [""]; references hold no NUL.
    if (key === undefined) this.keys.set(raw, (key = `\u0000${raw.join("\u0000")}`));
    return key;
  }

  private splitSteps(ref: string): Step[] {
    let steps = this.steps.get(ref);
    if (!steps) this.steps.set(ref, (steps = splitSteps(ref)));
    return steps;
  }

  /** Resolves the references of one expression, written in `context`. */
  private resolveList(context: ModuleContext, refs: readonly string[], depth: number): Resolved {
    const out: string[] = [];
    let constant = refs.length > 0;
    let specific: Set<string> | undefined;
    for (const ref of refs) {
      const steps = this.splitSteps(ref);
      const head = steps[0]?.name;
      const second = steps[1]?.name;
      if (!head || !second) {
        constant = false;
        continue;
      }
      let r: Resolved;
      if (head === "var") r = this.resolveVar(context, second, depth);
      else if (head === "module") {
        const output = steps[2]?.name;
        if (output !== undefined) r = this.resolveOutput(context, second, output, depth);
        else if ((specific ??= specificModules(refs, (x) => this.splitSteps(x))).has(second)) continue;
        else r = this.resolveModule(context, second, depth);
      } else {
        const local = this.localRef(context, ref, steps);
        if (local !== undefined) addUnique(out, local);
        constant = false;
        continue;
      }
      for (const x of r.refs) addUnique(out, x);
      constant &&= r.constant;
    }
    return { refs: out, constant: constant && out.length === 0 };
  }

  /**
   * A reference to something of the module itself (resource, data source, local), or to nothing of
   * the plan (`count.index`, `path.module`): undefined then. Memoized per module and reference.
   */
  private localRef(context: ModuleContext, ref: string, steps: Step[]): string | undefined {
    let known = context.locals.get(ref);
    if (known === undefined) {
      const head = steps[0]!.name;
      const second = steps[1]!.name;
      const prefix = context.path ? `${context.path}.` : "";
      let resolved: string | null = `${prefix}${head}.${second}`;
      if (head === "local") resolved = `local.${second}`;
      else if (IGNORED_HEADS.has(head)) resolved = null;
      else if (head === "data" || head === "ephemeral") {
        const name = steps[2]?.name;
        resolved = name ? `${prefix}${head}.${second}.${name}` : null;
      }
      // Not interned: memoized, so one string per module and reference already.
      known = resolved;
      context.locals.set(ref, known);
    }
    return known ?? undefined;
  }

  /** `var.name` inside a module: what the calling module passed for it. */
  private resolveVar(context: ModuleContext, name: string, depth: number): Resolved {
    const kept: Resolved = { refs: [`var.${name}`], constant: false };
    if (!context.parent || depth > MAX_DEPTH) return kept;
    const memo = context.vars.get(name);
    if (memo) return memo;
    context.vars.set(name, kept); // cycle guard
    const arg = obj(context.args)[name];
    let r = kept;
    if (isObject(arg)) {
      if ("constant_value" in arg) r = { refs: [], constant: true };
      else {
        const resolved = this.resolveList(context.parent, strings(arg.references), depth + 1);
        if (resolved.refs.length > 0 || resolved.constant) r = resolved;
      }
    }
    context.vars.set(name, r);
    return r;
  }

  /** `module.name.output` in `context`: what the child's output expression refers to. */
  private resolveOutput(context: ModuleContext, callName: string, output: string, depth: number): Resolved {
    const child = context.children.get(callName);
    const kept: Resolved = { refs: [`${context.path ? `${context.path}.` : ""}module.${callName}.${output}`], constant: false };
    if (!child || depth > MAX_DEPTH) return kept;
    const memo = child.resolvedOutputs.get(output);
    if (memo) return memo;
    child.resolvedOutputs.set(output, kept);
    const expression = obj(obj(obj(child.outputs)[output]).expression);
    let r = kept;
    if ("constant_value" in expression) r = { refs: [], constant: true };
    else {
      const refs = strings(expression.references);
      if (refs.length > 0) r = this.resolveList(child, refs, depth + 1);
    }
    child.resolvedOutputs.set(output, r);
    return r;
  }

  /** A whole module object passed around: everything its outputs refer to. */
  private resolveModule(context: ModuleContext, callName: string, depth: number): Resolved {
    const child = context.children.get(callName);
    const outputs = child ? Object.keys(obj(child.outputs)) : [];
    if (outputs.length === 0) return { refs: [`${context.path ? `${context.path}.` : ""}module.${callName}`], constant: false };
    const refs = new Set<string>();
    let constant = true;
    for (const output of outputs) {
      const r = this.resolveOutput(context, callName, output, depth + 1);
      r.refs.forEach((ref) => refs.add(ref));
      constant &&= r.constant;
    }
    return { refs: [...refs], constant: constant && refs.size === 0 };
  }
}

/** Appends `x` unless there already: lists of references are short, so no Set. */
function addUnique(out: string[], x: string): void {
  if (!out.includes(x)) out.push(x);
}

/** `module.kms` comes with `module.kms.key_arn`: the whole module adds nothing then. */
function specificModules(refs: readonly string[], split: (ref: string) => Step[]): Set<string> {
  const specific = new Set<string>();
  for (const ref of refs) {
    const steps = split(ref);
    if (steps[0]?.name === "module" && steps.length >= 3 && steps[1]) specific.add(steps[1].name);
  }
  return specific;
}

function rekey(
  expressions: Readonly<Record<string, Expression>>,
  module: ModulePath,
  intern: Interner,
): Readonly<Record<string, Expression>> {
  const out: Record<string, Expression> = {};
  for (const [path, e] of Object.entries(expressions)) {
    let changed = false;
    const refs: string[] = [];
    for (const ref of e.references) {
      const keyed = withModuleKeys(ref, module);
      if (keyed !== ref) {
        changed = true;
        refs.push(intern.get(keyed));
      }
      refs.push(ref);
    }
    out[path] = changed ? Object.freeze({ ...e, references: Object.freeze(refs) as unknown as string[] }) : e;
  }
  return Object.freeze(out);
}
