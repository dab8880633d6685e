import { expressionFor, hasConfiguration, isConfigured, isConfiguredByReference, elements, lookup, type Defaults, type Lookup, type Subject } from "./lookup.js";
import { allOf, anyOf, fail, negate, pass, unknown, type Outcome } from "./outcome.js";
import { looksLikeIdOf, referenceType, type Relations } from "./relations.js";
import type { AttrCondition, Condition, ListCondition, RelatedCondition } from "./rule.js";

export interface EvalContext {
  relations: Relations;
  params: Readonly<Record<string, unknown>>;
  defaults: Defaults;
  functions: Readonly<Record<string, CheckFn>>;
  /** When the source was read (a live scan's start, a replay's recorded start): "how long ago" is from here. */
  now: Date;
}

/** A check written in code, for what the condition language cannot say; same three-valued contract. */
export type CheckFn = (subject: Subject, ctx: EvalContext, args: Readonly<Record<string, unknown>>) => Outcome;

export function evaluate(cond: Condition, subject: Subject, ctx: EvalContext): Outcome {
  if ("attr" in cond) return evalAttr(cond, subject, ctx);
  if ("all" in cond) return allOf(lazily(cond.all, subject, ctx));
  if ("any" in cond) return anyOf(lazily(cond.any, subject, ctx));
  if ("not" in cond) return negate(evaluate(cond.not, subject, ctx));
  if ("each" in cond) return evalList(cond.each, subject, ctx, "each");
  if ("some" in cond) return evalList(cond.some, subject, ctx, "some");
  if ("related" in cond) return evalRelated(cond.related, subject, ctx);
  if ("byType" in cond) {
    const branch = cond.byType[subject.resource.type];
    return branch ? evaluate(branch, subject, ctx) : pass(`nothing to check on ${subject.resource.type}`);
  }
  const fn = ctx.functions[cond.fn];
  if (!fn) throw new Error(`no check function named ${cond.fn}`);
  return fn(subject, ctx, cond.args ?? {});
}

/** Outcomes one at a time, so all/any stop at the first fail/pass without judging the rest. */
function* lazily(conds: readonly Condition[], subject: Subject, ctx: EvalContext): Generator<Outcome> {
  for (const c of conds) yield evaluate(c, subject, ctx);
}

/** `{ param: name }` stands for the parameter's value; anything else is itself. */
export function operand(v: unknown, params: Readonly<Record<string, unknown>>): unknown {
  if (Array.isArray(v)) return v.flatMap((x) => asList(operand(x, params)));
  if (v !== null && typeof v === "object" && !Array.isArray(v) && "param" in v) {
    const name = String((v as { param: unknown }).param);
    if (!(name in params)) throw new Error(`unknown parameter ${name}`);
    return params[name];
  }
  return v;
}

const show = (v: unknown): string => {
  const s = typeof v === "string" ? `"${v}"` : JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
};

/** Plans and HCL carry numbers and booleans as strings at times ("30", "true"). */
function normal(v: unknown): unknown {
  if (typeof v === "string") {
    if (v === "true" || v === "false") return v === "true";
    if (v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
  }
  return v;
}

export function same(a: unknown, b: unknown): boolean {
  const x = normal(a);
  const y = normal(b);
  if (typeof x === "string" && typeof y === "string") return x === y;
  if (x === y) return true;
  return JSON.stringify(x) === JSON.stringify(y);
}

/** Outcome for a lookup that did not give a value a comparison can use. */
function notKnown(l: Exclude<Lookup, { state: "known" }>): Outcome {
  switch (l.state) {
    case "unknown": return unknown(`${l.path} is known only after apply`, l.path);
    case "sensitive": return unknown(`${l.path} is sensitive, so its value is not read`, l.path);
    case "unreadable": return unknown(`${l.path} could not be read: ${l.reason}`, l.path);
    case "absent": return fail(`${l.path} is not set`, l.path);
  }
}

type Comparison = (value: unknown, want: unknown) => boolean;
const COMPARISONS: Record<string, { test: Comparison; words: string; absentPasses: boolean }> = {
  equals: { test: same, words: "must be", absentPasses: false },
  notEquals: { test: (v, w) => !same(v, w), words: "must not be", absentPasses: true },
  // A list value is in the set when every element is (CORS origins), and outside it when none is.
  in: { test: (v, w) => asList(v).every((e) => asList(w).some((x) => same(e, x))), words: "must be one of", absentPasses: false },
  notIn: { test: (v, w) => !asList(v).some((e) => asList(w).some((x) => same(e, x))), words: "must not be one of", absentPasses: true },
  containsAny: {
    test: (v, w) => typeof v === "string" && asList(w).some((x) => v.toLowerCase().includes(String(x).toLowerCase())),
    words: "must contain one of", absentPasses: false,
  },
  gte: { test: (v, w) => Number(normal(v)) >= Number(normal(w)), words: "must be at least", absentPasses: false },
  lte: { test: (v, w) => Number(normal(v)) <= Number(normal(w)), words: "must be at most", absentPasses: false },
  matches: { test: (v, w) => typeof v === "string" && regex(String(w)).test(v), words: "must match", absentPasses: false },
};

const regexes = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let r = regexes.get(source);
  if (!r) regexes.set(source, (r = new RegExp(source)));
  return r;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

function evalAttr(c: AttrCondition, subject: Subject, ctx: EvalContext): Outcome {
  const l = lookup(subject, c.attr, ctx.defaults);
  const parts: Outcome[] = [];
  // The condition's own few keys, not every operator: this runs once per attribute per resource.
  for (const op in c) {
    const spec = COMPARISONS[op];
    if (!spec) continue;
    const want = operand((c as unknown as Record<string, unknown>)[op], ctx.params);
    if (l.state === "known") {
      const ok = spec.test(l.value, want);
      parts.push(ok ? pass(`${l.path} is ${show(l.value)}`, l.path) : fail(`${l.path} is ${show(l.value)}; ${spec.words} ${show(want)}`, l.path));
    } else if (l.state === "absent" && spec.absentPasses) {
      parts.push(pass(`${l.path} is not set`, l.path));
    } else {
      parts.push(l.state === "absent" ? fail(`${l.path} is not set; ${spec.words} ${show(want)}`, l.path) : notKnown(l));
    }
  }
  if (c.exists !== undefined) parts.push(polarity(existence(l), c.exists));
  if (c.nonEmpty !== undefined) parts.push(polarity(nonEmpty(l, subject), c.nonEmpty));
  if (c.literal !== undefined) parts.push(polarity(literal(subject, l.path), c.literal));
  if (c.refersTo !== undefined) parts.push(refersTo(subject, l, asList(c.refersTo).map(String)));
  if (c.configured !== undefined) parts.push(polarity(configured(subject, l), c.configured));
  return allOf(parts);
}

const polarity = (o: Outcome, want: boolean): Outcome => (want ? o : negate(o, o.result === "pass" ? o.detail.replace(" is set", " must not be set") : o.detail));

function existence(l: Lookup): Outcome {
  switch (l.state) {
    // The provider reports many unset strings as "".
    case "known": return l.value === "" ? fail(`${l.path} is not set`, l.path) : pass(`${l.path} is set`, l.path);
    case "sensitive": return pass(`${l.path} is set (sensitive)`, l.path);
    case "absent": return fail(`${l.path} is not set`, l.path);
    case "unknown":
      if (l.configured) return pass(`${l.path} is set from a reference (value known after apply)`, l.path);
      return l.unset ? fail(`${l.path} is not set in configuration (AWS picks a default at apply)`, l.path) : notKnown(l);
    case "unreadable": return notKnown(l);
  }
}

function nonEmpty(l: Lookup, subject: Subject): Outcome {
  if (l.state === "known") {
    const n = Array.isArray(l.value) ? l.value.length : 1;
    return n > 0 ? pass(`${l.path} has ${n} entr${n === 1 ? "y" : "ies"}`, l.path) : fail(`${l.path} is empty`, l.path);
  }
  if (l.state === "unknown" && isConfiguredByReference(subject.resource, l.path)) return pass(`${l.path} is set from a reference`, l.path);
  return l.state === "absent" ? fail(`${l.path} is empty`, l.path) : notKnown(l);
}

function literal(subject: Subject, path: string): Outcome {
  const exprs = subject.resource.expressions;
  const e = exprs[path];
  if (e) return e.literal ? pass(`${path} is written as a literal in configuration`, path) : fail(`${path} is not a literal in configuration`, path);
  // No expression at all means either "not configured" or "the plan carries no configuration".
  if (!hasConfiguration(subject.resource) && subject.resource.source !== "aws") return unknown(`the configuration of ${path} is not available`, path);
  return fail(`${path} is not configured`, path);
}

/** Configured from a reference to one of `types`, or (live, or known values) holding one's id or ARN. */
function refersTo(subject: Subject, l: Lookup, types: string[]): Outcome {
  const e = expressionFor(subject.resource, l.path);
  const hit = e?.references.find((r) => types.includes(referenceType(r) ?? ""));
  if (hit) return pass(`${l.path} refers to ${hit}`, l.path);
  if (l.state === "known") {
    const id = asList(l.value).find((v) => typeof v === "string" && types.some((t) => looksLikeIdOf(t, v)));
    if (id !== undefined) return pass(`${l.path} is ${show(id)}`, l.path);
    return fail(`${l.path} is ${show(l.value)}, not a ${types.join(" or ")}`, l.path);
  }
  if (l.state === "absent") return fail(`${l.path} is not set`, l.path);
  // Waiting for apply, but configuration says what it will point at.
  if (e && e.references.length > 0) return fail(`${l.path} refers to ${e.references[0]}, not a ${types.join(" or ")}`, l.path);
  return notKnown(l);
}

/** Written in configuration, or at least holding a value: tells a v3 inline block from a computed one. */
function configured(subject: Subject, l: Lookup): Outcome {
  if (isConfigured(subject.resource, l.path)) return pass(`${l.path} is configured`, l.path);
  if (l.state === "known" && !(Array.isArray(l.value) && l.value.length === 0) && l.value !== "") return pass(`${l.path} is set`, l.path);
  return fail(`${l.path} is not configured`, l.path);
}

function evalList(c: ListCondition, subject: Subject, ctx: EvalContext, mode: "each" | "some"): Outcome {
  const els = elements(subject, c.attr, ctx.defaults);
  if ("missing" in els) return els.missing.state === "absent" ? fail(`${c.attr} is not set`, c.attr) : notKnown(els.missing as Exclude<Lookup, { state: "known" }>);
  const outcomes: Outcome[] = [];
  for (const el of els.list) {
    if (c.where) {
      const w = evaluate(c.where, el, ctx);
      if (w.result === "fail") continue;
      if (w.result === "unknown") { outcomes.push(w); continue; }
    }
    outcomes.push(evaluate(c.assert, el, ctx));
  }
  const path = subject.prefix ? `${subject.prefix}.${c.attr}` : c.attr;
  const which = c.where ? ` with ${words(c.where)}` : "";
  return mode === "each" ? allOf(outcomes, `no ${path} entries${which} to check`) : anyOf(outcomes, `no ${path} entry${which}`);
}

/** A filter in words, for "no parameter entry with name = rds.force_ssl". */
function words(c: Condition): string {
  if ("attr" in c) {
    const op = Object.keys(COMPARISONS).find((k) => k in c);
    if (op) return `${c.attr} ${op === "equals" ? "=" : op} ${show((c as unknown as Record<string, unknown>)[op])}`;
  }
  if ("all" in c) return c.all.map(words).join(" and ");
  return "the filter";
}

function evalRelated(c: RelatedCondition, subject: Subject, ctx: EvalContext): Outcome {
  const types = asList(c.type).map(String);
  const quantifier = c.quantifier ?? "some";
  const what = types.join(" or ");
  let related;
  if ("theirs" in c.link && typeof c.link.theirs === "string") {
    related = ctx.relations.pointingAt(subject, c.link.theirs, types, c.link.ours as string[]);
  } else {
    const pointer = c.link.ours as string;
    related = ctx.relations.pointedAtBy(subject, pointer, types, c.link.theirs as string[]);
    if (related.length === 0) {
      const l = lookup(subject, pointer, ctx.defaults);
      if (l.state !== "known" && l.state !== "absent" && !isConfiguredByReference(subject.resource, l.path)) return notKnown(l);
    }
  }
  if (related.length === 0) {
    const verdict = c.ifNone ?? (quantifier === "some" ? "fail" : "pass");
    return verdict === "pass" ? pass(`no related ${what}`) : fail(`no ${what} is tied to ${subject.resource.address}`);
  }
  const outcomes = related.map((r) => {
    if (!c.assert) return pass(`${r.address} is tied to it`);
    const o = evaluate(c.assert, { resource: r, prefix: "" }, ctx);
    // The attribute belongs to the related resource, so it cannot point at a line of this one.
    return { result: o.result, detail: `${r.address}: ${o.detail}` };
  });
  return quantifier === "some" ? anyOf(outcomes) : allOf(outcomes);
}
