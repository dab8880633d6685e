/** count and for_each: how many instances, their address keys, and what `count`/`each` are in each. */
import { evaluateOrUnknown, type Scope } from "./evaluate.js";
import type { Expr } from "./syntax.js";
import { EvalError, Lazy, UNKNOWN, isMap, setKey, settle, sortedKeys, toNum, type Value, type ValueMap } from "./values.js";

/** How many instances a resource or module call has. */
export type Expansion =
  | { kind: "single" }
  | { kind: "count"; count: number }
  | { kind: "for_each"; entries: [string, Value][] }
  | { kind: "unknown"; meta: "count" | "for_each" };

export interface InstanceKey {
  /** `[0]`, `["logs"]`, or "" for a single instance. */
  suffix: string;
  /** `count` / `each` as the instance sees them. */
  bindings: Record<string, Value>;
}

/** Evaluated in the scope of the module that declares the resource or calls the module. */
export function expand(count: Expr | undefined, forEach: Expr | undefined, scope: Scope): Expansion {
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

export function instanceKeys(e: Expansion): InstanceKey[] {
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
export function shape<T>(e: Expansion, items: T[], keys: InstanceKey[], wrap: (t: T) => Value): Value {
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
