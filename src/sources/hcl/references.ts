/**
 * What an expression refers to, as a plan's `configuration` says it: resource base addresses
 * (module instance keys included), followed through locals, module inputs (`var.x` → what the caller
 * passed) and module outputs (`module.m.out` → what the output refers to), at any depth. Also
 * whether it is built only from constants (a literal), uses count/each, or touches a sensitive
 * variable or output.
 */
import type { Expression } from "../../model/resource.js";
import type { BodyEntry, DynamicIterator } from "./body.js";
import { IMPURE } from "./functions.js";
import type { ModuleInstance, ResourceInstance, SensitivityOracle } from "./modules.js";
import { SPLAT_ITEM, type Expr, type TemplatePart } from "./syntax.js";

export interface Resolved {
  refs: readonly string[];
  /** Only constants (and variables given constants by their callers): a literal in configuration. */
  constant: boolean;
  /** Uses count.index or each.*: a per-instance reference. */
  perInstance: boolean;
  /** Reads a variable or output declared sensitive, or calls sensitive(). */
  sensitive: boolean;
}

type Step = { attr: string } | { index: Expr } | { splat: true };
type Bound = ReadonlyMap<string, Resolved>;

const NONE: Bound = new Map();
const CONSTANT: Resolved = Object.freeze({ refs: [], constant: true, perInstance: false, sensitive: false });
const LITERAL: Expression = Object.freeze({ references: Object.freeze([]) as unknown as string[], literal: true });

class Acc {
  readonly refs = new Set<string>();
  constant = true;
  perInstance = false;
  sensitive = false;

  add(r: Resolved): void {
    for (const ref of r.refs) this.refs.add(ref);
    this.constant &&= r.constant;
    this.perInstance ||= r.perInstance;
    this.sensitive ||= r.sensitive;
  }

  result(): Resolved {
    return { refs: [...this.refs], constant: this.constant && this.refs.size === 0, perInstance: this.perInstance, sensitive: this.sensitive };
  }
}

export class References implements SensitivityOracle {
  private readonly vars = new WeakMap<ModuleInstance, Map<string, Resolved>>();
  private readonly locals = new WeakMap<ModuleInstance, Map<string, Resolved>>();
  private readonly outputs = new WeakMap<ModuleInstance, Map<string, Resolved>>();
  private readonly iterators = new WeakMap<DynamicIterator, WeakMap<ModuleInstance, Resolved>>();
  private readonly sensitiveAttrs = new WeakMap<ResourceInstance, Map<string, boolean>>();
  private readonly metas = new WeakMap<object, WeakMap<ModuleInstance, Bound>>();

  resolve(e: Expr, module: ModuleInstance, bound: Bound = NONE): Resolved {
    const acc = new Acc();
    this.walk(e, module, bound, acc);
    return acc.result();
  }

  /** An attribute of a resource body, with `each`/`count` and the iterators of the dynamic blocks around it. */
  forAttribute(instance: ResourceInstance, entry: BodyEntry): Resolved {
    const meta = this.meta(instance.decl, instance.module);
    return this.resolve(entry.attribute.expr, instance.module, this.bindIterators(entry.iterators, instance.module, meta));
  }

  /**
   * `each.value` stands for an element of for_each, so it refers to what for_each refers to: with
   * `for_each = aws_s3_bucket.b`, `each.value.id` is the bucket of the same key. `count.index` is
   * a number and refers to nothing. Both make the expression per-instance.
   */
  private meta(decl: { count?: Expr; forEach?: Expr }, module: ModuleInstance): Bound {
    let perModule = this.metas.get(decl);
    if (!perModule) this.metas.set(decl, (perModule = new WeakMap()));
    const known = perModule.get(module);
    if (known) return known;
    const perInstance = (e: Expr | undefined): Resolved => {
      const r = e ? this.resolve(e, module) : { refs: [], constant: false, perInstance: false, sensitive: false };
      return { ...r, perInstance: true };
    };
    const bound = new Map<string, Resolved>();
    if (decl.forEach) bound.set("each", perInstance(decl.forEach));
    if (decl.count) bound.set("count", { ...perInstance(decl.count), refs: [] });
    perModule.set(module, bound);
    return bound;
  }

  /** The model's Expression for a resolved attribute. */
  static expression(r: Resolved): Expression {
    if (r.constant) return LITERAL;
    return { references: [...r.refs], literal: false, ...(r.perInstance ? { perInstance: true } : {}) };
  }

  isSensitiveAttribute(instance: ResourceInstance, name: string): boolean {
    let memo = this.sensitiveAttrs.get(instance);
    if (!memo) this.sensitiveAttrs.set(instance, (memo = new Map()));
    const known = memo.get(name);
    if (known !== undefined) return known;
    memo.set(name, true); // a cycle errs on the side of secrecy
    const below = `${name}.`;
    const entries = instance.body()?.attributes.filter((a) => a.path === name || a.path.startsWith(below)) ?? [];
    const sensitive = entries.some((entry) => this.forAttribute(instance, entry).sensitive);
    memo.set(name, sensitive);
    return sensitive;
  }

  private bindIterators(iterators: readonly DynamicIterator[], module: ModuleInstance, meta: Bound): Bound {
    if (iterators.length === 0) return meta;
    const bound = new Map<string, Resolved>(meta);
    for (const it of iterators) {
      let perModule = this.iterators.get(it);
      if (!perModule) this.iterators.set(it, (perModule = new WeakMap()));
      let r = perModule.get(module);
      if (!r) perModule.set(module, (r = this.resolve(it.forEach, module, this.bindIterators(it.outer, module, meta))));
      bound.set(it.name, r);
    }
    return bound;
  }

  private walk(e: Expr, module: ModuleInstance, bound: Bound, acc: Acc): void {
    switch (e.kind) {
      case "literal":
        return;
      case "template":
        return this.walkParts(e.parts, module, bound, acc);
      case "tuple":
        return e.items.forEach((i) => this.walk(i, module, bound, acc));
      case "object":
        for (const item of e.items) {
          this.walk(item.key, module, bound, acc);
          this.walk(item.value, module, bound, acc);
        }
        return;
      case "name":
      case "attr":
      case "index":
      case "splat":
        return this.traversal(e, module, bound, acc);
      case "call":
        if (IMPURE.has(e.name)) acc.constant = false;
        if (e.name === "sensitive") acc.sensitive = true;
        return e.args.forEach((a) => this.walk(a, module, bound, acc));
      case "conditional":
        this.walk(e.cond, module, bound, acc);
        this.walk(e.then, module, bound, acc);
        return this.walk(e.else, module, bound, acc);
      case "unary":
        return this.walk(e.operand, module, bound, acc);
      case "binary":
        this.walk(e.left, module, bound, acc);
        return this.walk(e.right, module, bound, acc);
      case "for": {
        const collection = this.resolve(e.collection, module, bound);
        acc.add(collection);
        const inner = new Map(bound);
        inner.set(e.valueVar, collection);
        if (e.keyVar !== undefined) inner.set(e.keyVar, collection);
        for (const part of [e.key, e.value, e.cond]) if (part) this.walk(part, module, inner, acc);
        return;
      }
      case "unsupported":
        if (!e.inner) acc.constant = false;
        return e.inner?.forEach((i) => this.walk(i, module, bound, acc));
    }
  }

  private walkParts(parts: TemplatePart[], module: ModuleInstance, bound: Bound, acc: Acc): void {
    for (const p of parts) {
      if (p.kind === "interp") this.walk(p.expr, module, bound, acc);
      else if (p.kind === "if") {
        this.walk(p.cond, module, bound, acc);
        this.walkParts(p.then, module, bound, acc);
        this.walkParts(p.else, module, bound, acc);
      } else if (p.kind === "for") {
        const collection = this.resolve(p.collection, module, bound);
        acc.add(collection);
        const inner = new Map(bound);
        inner.set(p.valueVar, collection);
        if (p.keyVar !== undefined) inner.set(p.keyVar, collection);
        this.walkParts(p.body, module, inner, acc);
      }
    }
  }

  /** `root.a[k].b[*].c`: the root name and its steps; index keys are expressions of their own. */
  private traversal(e: Expr, module: ModuleInstance, bound: Bound, acc: Acc): void {
    const steps: Step[] = [];
    let cur = e;
    for (;;) {
      if (cur.kind === "attr") {
        steps.unshift({ attr: cur.name });
        cur = cur.target;
      } else if (cur.kind === "index") {
        steps.unshift({ index: cur.key });
        this.walk(cur.key, module, bound, acc);
        cur = cur.target;
      } else if (cur.kind === "splat") {
        steps.unshift({ splat: true });
        const inner = new Map(bound);
        inner.set(SPLAT_ITEM, CONSTANT);
        this.walk(cur.each, module, inner, acc);
        cur = cur.target;
      } else break;
    }
    if (cur.kind !== "name") return this.walk(cur, module, bound, acc);
    acc.add(this.root(cur.name, steps, module, bound));
  }

  private root(name: string, steps: Step[], module: ModuleInstance, bound: Bound): Resolved {
    const given = bound.get(name);
    if (given) return given;
    const attr = (i: number) => {
      const s = steps[i];
      return s && "attr" in s ? s.attr : undefined;
    };
    const prefix = module.address ? `${module.address}.` : "";
    const opaque = (refs: string[] = []): Resolved => ({ refs, constant: false, perInstance: false, sensitive: false });
    const first = attr(0);
    switch (name) {
      case "var":
        return first === undefined ? opaque() : this.variable(module, first);
      case "local":
        return first === undefined ? opaque() : this.local(module, first);
      case "module":
        return first === undefined ? opaque() : this.moduleCall(module, first, steps.slice(1));
      case "data": {
        const dataName = attr(1);
        return opaque(first !== undefined && dataName !== undefined ? [`${prefix}data.${first}.${dataName}`] : []);
      }
      case "each":
      case "count":
        return { refs: [], constant: false, perInstance: true, sensitive: false };
      case "path":
      case "terraform":
      case "self":
        return opaque();
      default:
        return opaque(first !== undefined ? [`${prefix}${name}.${first}`] : []);
    }
  }

  private memo(cache: WeakMap<ModuleInstance, Map<string, Resolved>>, module: ModuleInstance, key: string, compute: () => Resolved): Resolved {
    let m = cache.get(module);
    if (!m) cache.set(module, (m = new Map()));
    const known = m.get(key);
    if (known) return known;
    m.set(key, { refs: [], constant: false, perInstance: false, sensitive: false }); // cycle guard
    const r = compute();
    m.set(key, r);
    return r;
  }

  /** `var.name`: what the caller passed for it; a root variable stays `var.name`. */
  private variable(module: ModuleInstance, name: string): Resolved {
    return this.memo(this.vars, module, name, () => {
      const decl = module.config.variables.get(name);
      const sensitive = decl?.sensitive ?? false;
      const kept: Resolved = { refs: [`var.${name}`], constant: false, perInstance: false, sensitive };
      if (!module.call || !module.parent) return kept;
      const arg = module.call.args.get(name);
      if (!arg) return decl?.default ? { ...CONSTANT, sensitive } : kept;
      const r = this.resolve(arg.expr, module.parent, this.meta(module.call, module.parent));
      // An argument made of count/each alone refers to nothing: the variable is what is known of it.
      if (r.refs.length === 0 && !r.constant) return { ...kept, sensitive: sensitive || r.sensitive };
      return { refs: r.refs, constant: r.constant, perInstance: false, sensitive: sensitive || r.sensitive };
    });
  }

  private local(module: ModuleInstance, name: string): Resolved {
    return this.memo(this.locals, module, name, () => {
      const decl = module.config.locals.get(name);
      return decl ? this.resolve(decl.expr, module) : { refs: [], constant: false, perInstance: false, sensitive: false };
    });
  }

  /** `module.m.out` / `module.m["k"].out` / `module.m`: what those outputs refer to. */
  private moduleCall(module: ModuleInstance, callName: string, rest: Step[]): Resolved {
    const call = module.childCall(callName);
    const prefix = module.address ? `${module.address}.` : "";
    let at = 0;
    let key: string | undefined;
    const first = rest[0];
    if (first && "index" in first) {
      at = 1;
      if (first.index.kind === "literal" && first.index.value !== null) {
        key = typeof first.index.value === "string" ? JSON.stringify(first.index.value) : String(first.index.value);
      }
    }
    const step = rest[at];
    const output = step && "attr" in step ? step.attr : undefined;
    const kept: Resolved = { refs: [`${prefix}module.${callName}${output !== undefined ? `.${output}` : ""}`], constant: false, perInstance: false, sensitive: false };
    if (!call || call.remote || call.instances.length === 0) return kept;
    const instances = key === undefined ? call.instances : call.instances.filter((i) => i.address.endsWith(`[${key}]`));
    const acc = new Acc();
    for (const child of instances) {
      const names = output !== undefined ? [output] : [...child.config.outputs.keys()];
      for (const n of names) acc.add(this.output(child, n));
    }
    return acc.result();
  }

  private output(child: ModuleInstance, name: string): Resolved {
    return this.memo(this.outputs, child, name, () => {
      const decl = child.config.outputs.get(name);
      if (!decl?.value) return { refs: [`${child.address}.${name}`], constant: false, perInstance: false, sensitive: false };
      const r = this.resolve(decl.value, child);
      return { ...r, perInstance: false, sensitive: r.sensitive || decl.sensitive };
    });
  }
}
