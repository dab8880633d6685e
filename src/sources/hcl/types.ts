/**
 * Variable type constraints (`list(string)`, `object({ a = optional(number, 5) })`): values given
 * for a variable are converted as Terraform converts them, so `"30"` for a number is 30 and an
 * omitted optional attribute takes its default.
 */
import { evaluateOrUnknown } from "./evaluate.js";
import type { Expr } from "./syntax.js";
import { Lazy, UNKNOWN, isMap, setKey, settle, type Value, type ValueMap } from "./values.js";

export type TypeSpec =
  | { kind: "any" | "string" | "number" | "bool" }
  | { kind: "list" | "set" | "map"; element: TypeSpec }
  | { kind: "tuple"; elements: TypeSpec[] }
  | { kind: "object"; attrs: Map<string, { type: TypeSpec; optional: boolean; default?: Value }> };

const ANY: TypeSpec = { kind: "any" };
const EMPTY_SCOPE = { get: () => undefined };

export function parseType(e: Expr | undefined): TypeSpec {
  if (!e) return ANY;
  // Terraform 0.11 wrote "string", "list" and "map" in quotes; bare list and map mean list(any).
  const keyword = e.kind === "name" ? e.name : e.kind === "literal" && typeof e.value === "string" ? e.value : undefined;
  if (keyword === "string" || keyword === "number" || keyword === "bool") return { kind: keyword };
  if (keyword === "list" || keyword === "map") return { kind: keyword, element: ANY };
  if (keyword !== undefined) return ANY;
  if (e.kind !== "call") return ANY;
  const [arg] = e.args;
  switch (e.name) {
    case "list":
    case "set":
    case "map":
      return { kind: e.name, element: parseType(arg) };
    case "tuple":
      return arg?.kind === "tuple" ? { kind: "tuple", elements: arg.items.map(parseType) } : ANY;
    case "object": {
      if (arg?.kind !== "object") return ANY;
      const attrs = new Map<string, { type: TypeSpec; optional: boolean; default?: Value }>();
      for (const item of arg.items) {
        if (item.key.kind !== "literal" || typeof item.key.value !== "string") return ANY;
        const v = item.value;
        if (v.kind === "call" && v.name === "optional") {
          const [type, def] = v.args;
          attrs.set(item.key.value, { type: parseType(type), optional: true, ...(def ? { default: settle(evaluateOrUnknown(def, EMPTY_SCOPE)) } : {}) });
        } else attrs.set(item.key.value, { type: parseType(v), optional: false });
      }
      return { kind: "object", attrs };
    }
    default:
      return ANY;
  }
}

/** Converts a value to a type; what does not convert is left as it is (Terraform would refuse it). */
export function convert(v: Value, t: TypeSpec): Value {
  if (v === UNKNOWN || v === null || v instanceof Lazy || t.kind === "any") return v;
  switch (t.kind) {
    case "string":
      if (typeof v === "number" || typeof v === "boolean") return String(v);
      return v;
    case "number":
      if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
      return v;
    case "bool":
      if (v === "true" || v === "false") return v === "true";
      return v;
    case "list":
    case "set":
      return Array.isArray(v) ? v.map((e) => convert(e, t.element)) : v;
    case "tuple":
      return Array.isArray(v) ? v.map((e, i) => convert(e, t.elements[i] ?? ANY)) : v;
    case "map": {
      if (!isMap(v)) return v;
      const out: ValueMap = {};
      for (const k of Object.keys(v)) setKey(out, k, convert(v[k]!, t.element));
      return out;
    }
    case "object": {
      if (!isMap(v)) return v;
      const out: ValueMap = {};
      for (const [name, spec] of t.attrs) {
        const given = Object.prototype.hasOwnProperty.call(v, name) ? v[name]! : null;
        const value = given === null && spec.default !== undefined ? spec.default : given;
        setKey(out, name, convert(value, spec.type));
      }
      return out;
    }
  }
}

/** `-var` values are taken literally for these types and parsed as HCL for the rest. */
export function isPrimitive(t: TypeSpec): boolean {
  return t.kind === "string" || t.kind === "number" || t.kind === "bool";
}
