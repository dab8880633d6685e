/**
 * `configuration` → per-resource Expression maps, with references resolved to absolute resource
 * base addresses: through module outputs (down), module-call arguments for `var.` (up), any depth.
 */
import type { Expression } from "../../model/resource.js";
import { splitSteps, withModuleKeys, type ModulePath } from "./address.js";
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
  node: Json;
  parent?: ModuleContext;
  /** The `module_calls` entry in the parent that calls this module. */
  call?: Json;
  children: Map<string, ModuleContext>;
  vars: Map<string, Resolved>;
  outputs: Map<string, Resolved>;
}

interface Resolved {
  refs: string[];
  /** Every reference led to a constant in a caller: the value was written as a literal. */
  constant: boolean;
}

export interface ConfigResource {
  context: ModuleContext;
  /** The configuration entry; dropped once its expressions are built. */
  raw: Json | undefined;
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
  private readonly resources = new Map<string, ConfigResource>();

  constructor(
    configuration: unknown,
    private readonly intern: Interner,
  ) {
    this.root = this.addModule(obj(obj(configuration).root_module), "", [], undefined, undefined);
  }

  private addModule(node: Json, path: string, names: string[], parent?: ModuleContext, call?: Json): ModuleContext {
    const context: ModuleContext = { path, names, node, children: new Map(), vars: new Map(), outputs: new Map() };
    if (parent) context.parent = parent;
    if (call) context.call = call;
    this.modules.set(path, context);
    const resources: unknown[] = Array.isArray(node.resources) ? node.resources : [];
    // Only the index keeps them, so each can be freed once its expressions are built.
    delete node.resources;
    for (const r of resources) {
      // Data sources are not resources of the inventory: nothing asks for their expressions.
      if (!isObject(r) || r.mode === "data" || typeof r.type !== "string" || typeof r.name !== "string") continue;
      this.resources.set(`${path}\u0000${r.type}.${r.name}`, {
        context,
        raw: r,
        providerKey: typeof r.provider_config_key === "string" ? r.provider_config_key : undefined,
      });
    }
    for (const [name, callNode] of Object.entries(obj(node.module_calls))) {
      if (!isObject(callNode)) continue;
      const childPath = path ? `${path}.module.${name}` : `module.${name}`;
      context.children.set(name, this.addModule(obj(callNode.module), childPath, [...names, name], context, callNode));
    }
    return context;
  }

  module(keylessPath: string): ModuleContext | undefined {
    return this.modules.get(keylessPath);
  }

  resource(keylessPath: string, type: string, name: string): ConfigResource | undefined {
    return this.resources.get(`${keylessPath}\u0000${type}.${name}`);
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
    this.flatten(resource.context, obj(resource.raw?.expressions), "", out);
    resource.raw = undefined;
    return Object.freeze(out);
  }

  private flatten(context: ModuleContext, expressions: Json, prefix: string, out: Record<string, Expression>): void {
    for (const [key, v] of Object.entries(expressions)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (Array.isArray(v)) {
        // Nested blocks: an array of expression maps, indexed like the planned values.
        v.forEach((block, i) => {
          if (isObject(block)) this.flatten(context, block, `${path}.${i}`, out);
        });
      } else if (isObject(v)) {
        if (isExpression(v)) out[this.intern.get(path)] = this.expression(context, v);
        // A single nested block (`timeouts`) is rendered as a map, not an array.
        else this.flatten(context, v, path, out);
      }
    }
  }

  private expression(context: ModuleContext, v: Json): Expression {
    if ("constant_value" in v) return LITERAL;
    const raw = strings(v.references);
    const r = this.resolveList(context, raw, 0);
    if (r.constant) return LITERAL;
    const perInstance = raw.some((x) => x === "count.index" || x.startsWith("each."));
    return Object.freeze({ references: Object.freeze(r.refs) as unknown as string[], literal: false, ...(perInstance ? { perInstance } : {}) });
  }

  /** Resolves the references of one expression, written in `context`. */
  private resolveList(context: ModuleContext, refs: string[], depth: number): Resolved {
    const out = new Set<string>();
    let constant = refs.length > 0;
    // `module.kms` comes with `module.kms.key_arn`: the whole module adds nothing then.
    const specific = new Set<string>();
    const parsed = refs.map((ref) => splitSteps(ref));
    for (const steps of parsed) {
      if (steps[0]?.name === "module" && steps.length >= 3 && steps[1]) specific.add(steps[1].name);
    }
    const prefix = context.path ? `${context.path}.` : "";
    for (const steps of parsed) {
      const head = steps[0]?.name;
      const second = steps[1]?.name;
      if (!head || !second) {
        constant = false;
        continue;
      }
      let r: Resolved;
      if (head === "var") r = this.resolveVar(context, second, depth);
      else if (head === "local") r = { refs: [`local.${second}`], constant: false };
      else if (head === "module") {
        const output = steps[2]?.name;
        if (output !== undefined) r = this.resolveOutput(context, second, output, depth);
        else if (specific.has(second)) continue;
        else r = this.resolveModule(context, second, depth);
      } else if (IGNORED_HEADS.has(head)) r = { refs: [], constant: false };
      else if (head === "data" || head === "ephemeral") {
        const name = steps[2]?.name;
        r = { refs: name ? [`${prefix}${head}.${second}.${name}`] : [], constant: false };
      } else r = { refs: [`${prefix}${head}.${second}`], constant: false };
      for (const ref of r.refs) out.add(this.intern.get(ref));
      constant &&= r.constant;
    }
    return { refs: [...out], constant: constant && out.size === 0 };
  }

  /** `var.name` inside a module: what the calling module passed for it. */
  private resolveVar(context: ModuleContext, name: string, depth: number): Resolved {
    const kept: Resolved = { refs: [`var.${name}`], constant: false };
    if (!context.call || !context.parent || depth > MAX_DEPTH) return kept;
    const memo = context.vars.get(name);
    if (memo) return memo;
    context.vars.set(name, kept); // cycle guard
    const arg = obj(context.call.expressions)[name];
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
    const memo = child.outputs.get(output);
    if (memo) return memo;
    child.outputs.set(output, kept);
    const expression = obj(obj(obj(child.node.outputs)[output]).expression);
    let r = kept;
    if ("constant_value" in expression) r = { refs: [], constant: true };
    else {
      const refs = strings(expression.references);
      if (refs.length > 0) r = this.resolveList(child, refs, depth + 1);
    }
    child.outputs.set(output, r);
    return r;
  }

  /** A whole module object passed around: everything its outputs refer to. */
  private resolveModule(context: ModuleContext, callName: string, depth: number): Resolved {
    const child = context.children.get(callName);
    const outputs = child ? Object.keys(obj(child.node.outputs)) : [];
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

/** An expression object has only `constant_value` and/or `references` (or nothing: e.g. `timestamp()`). */
function isExpression(v: Json): boolean {
  for (const key in v) if (key !== "constant_value" && key !== "references") return false;
  return true;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
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
