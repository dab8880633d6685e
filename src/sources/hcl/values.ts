/**
 * Values of static evaluation: JSON-like data, UNKNOWN where a value cannot be known before apply
 * (at any depth, so `tags.Name` can be unknown in an otherwise known map), and Lazy objects whose
 * attributes are read on demand (a resource, a module instance, the `var` namespace).
 */

/** Not statically known: a reference to a computed attribute, a data source, an unset variable… */
export const UNKNOWN: unique symbol = Symbol("hcl.unknown");
export type Unknown = typeof UNKNOWN;

/** An object whose attributes are computed when read; anything else about it is unknown. */
export abstract class Lazy {
  abstract attr(name: string): Value;
  /** The whole value, for functions and comparisons; UNKNOWN when it cannot be known. */
  abstract materialize(): Value;
}

export type Value = null | boolean | number | string | Value[] | ValueMap | Unknown | Lazy;
export interface ValueMap {
  [key: string]: Value;
}

/** What Terraform would refuse (a missing key, a wrong type): try() catches it; elsewhere it makes the attribute unknown. */
export class EvalError extends Error {
  override readonly name = "EvalError";
}

export function isMap(v: Value): v is ValueMap {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Lazy);
}

/** Sets a key without letting `__proto__` or `constructor` reach the prototype. */
export function setKey(o: ValueMap, key: string, value: Value): void {
  if (key === "__proto__") Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

/** Map keys in the order Terraform iterates them: lexical. */
export function sortedKeys(o: ValueMap): string[] {
  return Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Lazy objects replaced by their whole values, at any depth. */
export function settle(v: Value): Value {
  if (v instanceof Lazy) return settle(v.materialize());
  if (Array.isArray(v)) return v.some(needsSettling) ? v.map(settle) : v;
  if (isMap(v)) {
    let changed = false;
    for (const k in v) if (needsSettling(v[k]!)) changed = true;
    if (!changed) return v;
    const out: ValueMap = {};
    for (const k of Object.keys(v)) setKey(out, k, settle(v[k]!));
    return out;
  }
  return v;
}

function needsSettling(v: Value): boolean {
  if (v instanceof Lazy) return true;
  if (Array.isArray(v)) return v.some(needsSettling);
  if (isMap(v)) {
    for (const k in v) if (needsSettling(v[k]!)) return true;
  }
  return false;
}

/** Known all the way down (after settling). */
export function isWhollyKnown(v: Value): boolean {
  if (v === UNKNOWN) return false;
  if (v instanceof Lazy) return isWhollyKnown(v.materialize());
  if (Array.isArray(v)) return v.every(isWhollyKnown);
  if (isMap(v)) {
    for (const k in v) if (!isWhollyKnown(v[k]!)) return false;
  }
  return true;
}

export function typeName(v: Value): string {
  if (v === null) return "null";
  if (v === UNKNOWN) return "unknown";
  if (Array.isArray(v)) return "list";
  if (v instanceof Lazy) return "object";
  return typeof v === "object" ? "map" : typeof v;
}

/** Numbers as Terraform prints them in strings: integers without exponent. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) >= 1e21) return BigInt(n).toString();
  return String(n);
}

/** A primitive as a string (templates, string functions); anything else is an error. */
export function toStr(v: Value, what = "value"): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  throw new EvalError(`${what}: a ${typeName(v)} is not a string`);
}

export function toNum(v: Value, what = "value"): number {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
  throw new EvalError(`${what}: a ${typeName(v)} is not a number`);
}

export function toBool(v: Value, what = "value"): boolean {
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "false") return v === "true";
  throw new EvalError(`${what}: a ${typeName(v)} is not a bool`);
}

/** Deep equality of settled, known values; UNKNOWN when either side holds an unknown part. */
export function equal(a: Value, b: Value): boolean | Unknown {
  // An object or list, even with unknown parts, is never null.
  if (a === null || b === null) {
    if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
    return a === b;
  }
  const x = settle(a);
  const y = settle(b);
  if (!isWhollyKnown(x) || !isWhollyKnown(y)) return UNKNOWN;
  return sameValue(x, y);
}

function sameValue(x: Value, y: Value): boolean {
  if (Array.isArray(x)) return Array.isArray(y) && x.length === y.length && x.every((e, i) => sameValue(e, y[i]!));
  if (isMap(x)) {
    if (!isMap(y)) return false;
    const kx = Object.keys(x);
    if (kx.length !== Object.keys(y).length) return false;
    return kx.every((k) => Object.prototype.hasOwnProperty.call(y, k) && sameValue(x[k]!, y[k]!));
  }
  return x === y;
}
