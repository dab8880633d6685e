import { isRedacted, type Expression, type Resource } from "../model/resource.js";

/**
 * What a condition is looking at: a resource, or one element of a list inside it (`each`), named by
 * its path prefix so unknown, sensitive and configuration facts still apply.
 */
export interface Subject {
  resource: Resource;
  /** Dotted prefix of the element (`origin.0`), "" for the resource itself. */
  prefix: string;
}

export type Lookup =
  | { state: "known"; value: unknown; path: string }
  | { state: "absent"; path: string }
  /**
   * Not known until apply (plan) or not statically known (HCL). `configured`: set from a reference;
   * `unset`: configuration does not write it at all, so AWS picks the value at apply.
   */
  | { state: "unknown"; path: string; configured: boolean; unset: boolean }
  | { state: "sensitive"; path: string }
  /** Live: the API call that would have told us failed. */
  | { state: "unreadable"; path: string; reason: string };

/** Provider defaults for attributes a source may leave out (HCL omits them; a plan fills them). */
export type Defaults = Record<string, Record<string, unknown>>;

/** A default AWS chooses at apply (a key, a default parameter group): left out, it is unknown. */
export const CHOSEN_BY_AWS: unique symbol = Symbol("chosen by AWS");

export const join = (prefix: string, rel: string): string => (prefix ? (rel ? `${prefix}.${rel}` : prefix) : rel);

function isPrefixedBy(path: string, set: ReadonlySet<string>): boolean {
  if (set.size === 0) return false;
  if (set.has(path)) return true;
  for (let i = path.indexOf("."); i !== -1; i = path.indexOf(".", i + 1)) {
    if (set.has(path.slice(0, i))) return true;
  }
  return false;
}

/** A list whose elements wait for apply (`alarm_actions.0`) is itself not yet known. */
function hasUnknownPart(path: string, set: ReadonlySet<string>): boolean {
  if (isPrefixedBy(path, set)) return true;
  const below = `${path}.`;
  for (const p of set) if (p.startsWith(below)) return true;
  return false;
}

function unreadableReason(r: Resource, path: string): string | undefined {
  const u = r.unreadable;
  if (!u) return undefined;
  if (u["*"]) return u["*"];
  for (const [p, why] of Object.entries(u)) if (path === p || path.startsWith(`${p}.`)) return why;
  return undefined;
}

/**
 * How configuration wrote `path`, or the nearest enclosing attribute: a set attribute such as
 * aws_route_table's `route` is one expression for all its elements.
 */
export function expressionFor(r: Resource, path: string): Expression | undefined {
  for (let p = path; ; p = p.slice(0, p.lastIndexOf("."))) {
    const e = r.expressions[p];
    if (e) return e;
    if (!p.includes(".")) return undefined;
  }
}

export function isConfiguredByReference(r: Resource, path: string): boolean {
  const e = expressionFor(r, path);
  return !!e && e.references.length > 0;
}

/** Written in configuration: the attribute itself, an enclosing one, or anything inside it. */
export function isConfigured(r: Resource, path: string): boolean {
  if (expressionFor(r, path)) return true;
  const below = `${path}.`;
  return Object.keys(r.expressions).some((k) => k.startsWith(below));
}

function pseudo(r: Resource, name: string): unknown {
  switch (name) {
    case "@region": return r.region;
    case "@type": return r.type;
    case "@address": return r.address;
    case "@account": return r.account;
    default: return undefined;
  }
}

export function lookup(subject: Subject, rel: string, defaults?: Defaults): Lookup {
  const r = subject.resource;
  if (rel.startsWith("@")) {
    const v = pseudo(r, rel);
    const name = rel.slice(1);
    // A resource always has a region and account; not having read them is not the same as unset.
    return v === undefined ? { state: "unreadable", path: name, reason: `the ${name} is not known` } : { state: "known", value: v, path: name };
  }
  const path = join(subject.prefix, rel);
  const why = unreadableReason(r, path);
  if (why !== undefined) return { state: "unreadable", path, reason: why };
  let cur: unknown = r.values;
  const segs = path.split(".");
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    if (isRedacted(cur)) return { state: "sensitive", path };
    if (cur === null || cur === undefined || typeof cur !== "object") { cur = undefined; break; }
    cur = (cur as Record<string, unknown>)[seg];
  }
  if (isRedacted(cur) || isPrefixedBy(path, r.sensitive)) {
    return cur === null || cur === undefined ? absentOrUnknown(r, path, defaults) : { state: "sensitive", path };
  }
  if (cur === null || cur === undefined) return absentOrUnknown(r, path, defaults);
  return { state: "known", value: cur, path };
}

function absentOrUnknown(r: Resource, path: string, defaults?: Defaults): Lookup {
  const d = defaults?.[r.type]?.[path];
  if (hasUnknownPart(path, r.unknown)) {
    // An Optional+Computed attribute left out of configuration (multi_az) plans as unknown, yet
    // what AWS will choose is the provider default: decided in one place, not per rule.
    // A literal "" or null written for a computed attribute leaves the choice to AWS just the same.
    const e = expressionFor(r, path);
    const unset = hasConfiguration(r) && (!isConfigured(r, path) || (e !== undefined && e.literal && e.references.length === 0));
    if (unset && d !== undefined && d !== CHOSEN_BY_AWS) return { state: "known", value: d, path };
    return { state: "unknown", path, configured: isConfiguredByReference(r, path), unset };
  }
  // HCL shows what was written; what AWS will choose is as unknown as a plan says it is.
  if (d === CHOSEN_BY_AWS) return hasConfiguration(r) ? { state: "unknown", path, configured: false, unset: true } : { state: "absent", path };
  if (d !== undefined) return { state: "known", value: d, path };
  return { state: "absent", path };
}

/** Plans without a configuration block (and live resources) cannot say what was left out. */
export function hasConfiguration(r: Resource): boolean {
  return r.source !== "aws" && Object.keys(r.expressions).length > 0;
}

/** Elements of a list attribute, as subjects; undefined when the list itself is not known. */
export function elements(subject: Subject, rel: string, defaults?: Defaults): { list: Subject[] } | { missing: Lookup } {
  const l = lookup(subject, rel, defaults);
  if (l.state === "absent") return { list: [] };
  if (l.state !== "known") return { missing: l };
  const v = l.value;
  const items = Array.isArray(v) ? v : [v];
  return { list: items.map((_, i) => ({ resource: subject.resource, prefix: Array.isArray(v) ? `${l.path}.${i}` : l.path })) };
}
