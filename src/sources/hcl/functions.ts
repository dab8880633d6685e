/**
 * Terraform's built-in functions that real modules use to build names, tags, CIDRs and policy
 * JSON. A function not listed, or one whose result depends on time or chance, gives UNKNOWN.
 * Arguments arrive settled (no Lazy); most functions need them wholly known, a few (length, merge,
 * concat, keys, lookup…) answer from the known parts.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { cidrHost, cidrNetmask, cidrSubnet, cidrSubnets } from "./cidr.js";
import { format, jsonDecode, jsonEncode, urlEncode } from "./encode.js";
import {
  EvalError, UNKNOWN, equal, isMap, isWhollyKnown, setKey, sortedKeys, toBool, toNum, toStr, typeName,
  type Value, type ValueMap,
} from "./values.js";

type Fn = (args: Value[]) => Value;

/** Functions whose result changes from run to run: never a literal, never known. */
export const IMPURE = new Set(["timestamp", "plantimestamp", "uuid", "bcrypt"]);

const list = (v: Value, fn: string): Value[] => {
  if (Array.isArray(v)) return v;
  throw new EvalError(`${fn}: a ${typeName(v)} is not a list`);
};
const map = (v: Value, fn: string): ValueMap => {
  if (isMap(v)) return v;
  throw new EvalError(`${fn}: a ${typeName(v)} is not a map`);
};
const str = (v: Value, fn: string): string => toStr(v, fn);
const num = (v: Value, fn: string): number => toNum(v, fn);
const arity = (args: Value[], min: number, max: number, fn: string): void => {
  if (args.length < min || args.length > max) throw new EvalError(`${fn}: wrong number of arguments`);
};
const contains = (items: Value[], v: Value): boolean | typeof UNKNOWN => {
  let unknown = false;
  for (const item of items) {
    const same = equal(item, v);
    if (same === true) return true;
    if (same === UNKNOWN) unknown = true;
  }
  return unknown ? UNKNOWN : false;
};

/** Elements once each, as Terraform's sets hold them: strings and numbers sorted. */
function asSet(items: Value[]): Value[] {
  const out: Value[] = [];
  for (const v of items) if (contains(out, v) !== true) out.push(v);
  if (out.every((v) => typeof v === "string")) return (out as string[]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (out.every((v) => typeof v === "number")) return (out as number[]).sort((a, b) => a - b);
  return out;
}

function flatten(items: Value[]): Value[] {
  const out: Value[] = [];
  for (const v of items) {
    if (v === UNKNOWN) throw new UnknownResult();
    if (Array.isArray(v)) out.push(...flatten(v));
    else out.push(v);
  }
  return out;
}

/** Thrown inside a function when the known parts do not decide the result. */
class UnknownResult extends Error {}

/** A regular expression in Terraform's (RE2) syntax, or undefined when JS cannot take it. */
function regExp(pattern: string, flags = ""): RegExp | undefined {
  let p = pattern.replace(/\(\?P</g, "(?<");
  let f = flags;
  const lead = /^\(\?([imsU]+)\)/.exec(p);
  if (lead) {
    if (lead[1]!.includes("U")) return undefined;
    f += lead[1]!.replace(/[^ims]/g, "");
    p = p.slice(lead[0].length);
  }
  try {
    return new RegExp(p, `${f}u`);
  } catch {
    return undefined;
  }
}

function hash(algorithm: string, encoding: "hex" | "base64"): Fn {
  return ([s]) => createHash(algorithm).update(str(s ?? null, algorithm), "utf8").digest(encoding);
}

const STRICT: Record<string, Fn> = {
  // Strings
  format: ([spec, ...rest]) => format(str(spec ?? null, "format"), rest),
  formatlist: ([spec, ...rest]) => {
    const lengths = rest.filter(Array.isArray).map((l) => l.length);
    if (new Set(lengths).size > 1) throw new EvalError("formatlist: lists of different lengths");
    const n = lengths[0] ?? 1;
    const out: Value[] = [];
    for (let i = 0; i < n; i++) {
      const r = format(str(spec ?? null, "formatlist"), rest.map((a) => (Array.isArray(a) ? a[i]! : a)));
      if (r === UNKNOWN) return UNKNOWN;
      out.push(r);
    }
    return out;
  },
  join: ([sep, ...lists]) => lists.flatMap((l) => list(l, "join")).map((v) => str(v, "join")).join(str(sep ?? null, "join")),
  split: ([sep, s]) => str(s ?? null, "split").split(str(sep ?? null, "split")),
  lower: ([s]) => str(s ?? null, "lower").toLowerCase(),
  upper: ([s]) => str(s ?? null, "upper").toUpperCase(),
  title: ([s]) => str(s ?? null, "title").replace(/(^|[^\p{L}\p{N}])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase()),
  replace: ([s, search, replacement]) => {
    const text = str(s ?? null, "replace");
    const what = str(search ?? null, "replace");
    const by = str(replacement ?? null, "replace");
    if (what.length > 1 && what.startsWith("/") && what.endsWith("/")) {
      const re = regExp(what.slice(1, -1), "g");
      if (!re) return UNKNOWN;
      return text.replace(re, by.replace(/\$\{(\w+)\}/g, "$$$1"));
    }
    return text.split(what).join(by);
  },
  substr: ([s, offset, length]) => {
    const chars = [...str(s ?? null, "substr")];
    let start = num(offset ?? null, "substr");
    if (start < 0) start = chars.length + start;
    const n = num(length ?? null, "substr");
    return chars.slice(start, n < 0 ? undefined : start + n).join("");
  },
  trimspace: ([s]) => str(s ?? null, "trimspace").trim(),
  trim: ([s, cut]) => {
    const set = new Set([...str(cut ?? null, "trim")]);
    const chars = [...str(s ?? null, "trim")];
    let a = 0;
    let b = chars.length;
    while (a < b && set.has(chars[a]!)) a++;
    while (b > a && set.has(chars[b - 1]!)) b--;
    return chars.slice(a, b).join("");
  },
  trimprefix: ([s, p]) => {
    const text = str(s ?? null, "trimprefix");
    const prefix = str(p ?? null, "trimprefix");
    return text.startsWith(prefix) ? text.slice(prefix.length) : text;
  },
  trimsuffix: ([s, p]) => {
    const text = str(s ?? null, "trimsuffix");
    const suffix = str(p ?? null, "trimsuffix");
    return suffix && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
  },
  startswith: ([s, p]) => str(s ?? null, "startswith").startsWith(str(p ?? null, "startswith")),
  endswith: ([s, p]) => str(s ?? null, "endswith").endsWith(str(p ?? null, "endswith")),
  strcontains: ([s, p]) => str(s ?? null, "strcontains").includes(str(p ?? null, "strcontains")),
  chomp: ([s]) => str(s ?? null, "chomp").replace(/(\r\n|\n)+$/, ""),
  strrev: ([s]) => [...str(s ?? null, "strrev")].reverse().join(""),
  indent: ([n, s]) => str(s ?? null, "indent").replace(/\n/g, `\n${" ".repeat(num(n ?? null, "indent"))}`),
  regex: ([pattern, s]) => {
    const re = regExp(str(pattern ?? null, "regex"));
    if (!re) return UNKNOWN;
    const m = re.exec(str(s ?? null, "regex"));
    if (!m) throw new EvalError("regex: no match");
    return captures(m);
  },
  regexall: ([pattern, s]) => {
    const re = regExp(str(pattern ?? null, "regexall"), "g");
    if (!re) return UNKNOWN;
    return [...str(s ?? null, "regexall").matchAll(re)].map(captures);
  },

  // Collections
  contains: ([l, v]) => contains(list(l ?? null, "contains"), v ?? null),
  distinct: ([l]) => {
    const out: Value[] = [];
    for (const v of list(l ?? null, "distinct")) if (contains(out, v) !== true) out.push(v);
    return out;
  },
  compact: ([l]) => list(l ?? null, "compact").filter((v) => v !== null && v !== ""),
  zipmap: ([k, v]) => {
    const keys = list(k ?? null, "zipmap");
    const values = list(v ?? null, "zipmap");
    if (keys.length !== values.length) throw new EvalError("zipmap: lists of different lengths");
    const out: ValueMap = {};
    keys.forEach((key, i) => setKey(out, str(key, "zipmap"), values[i]!));
    return out;
  },
  range: (args) => {
    arity(args, 1, 3, "range");
    const [start, limit, step] = args.length === 1 ? [0, num(args[0]!, "range"), 1] : [num(args[0]!, "range"), num(args[1]!, "range"), args[2] === undefined ? 1 : num(args[2], "range")];
    if (step === 0) throw new EvalError("range: step is zero");
    const out: number[] = [];
    for (let i = start; step > 0 ? i < limit : i > limit; i += step) {
      out.push(i);
      if (out.length > 1024) throw new EvalError("range: more than 1024 elements");
    }
    return out;
  },
  slice: ([l, a, b]) => {
    const items = list(l ?? null, "slice");
    const from = num(a ?? null, "slice");
    const to = num(b ?? null, "slice");
    if (from < 0 || to > items.length || from > to) throw new EvalError("slice: out of range");
    return items.slice(from, to);
  },
  sort: ([l]) => list(l ?? null, "sort").map((v) => str(v, "sort")).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  reverse: ([l]) => [...list(l ?? null, "reverse")].reverse(),
  index: ([l, v]) => {
    const items = list(l ?? null, "index");
    for (let i = 0; i < items.length; i++) if (equal(items[i]!, v ?? null) === true) return i;
    throw new EvalError("index: not in the list");
  },
  one: ([l]) => {
    const items = list(l ?? null, "one");
    if (items.length > 1) throw new EvalError("one: more than one element");
    return items[0] ?? null;
  },
  coalescelist: (args) => {
    for (const l of args) if (list(l, "coalescelist").length > 0) return l;
    throw new EvalError("coalescelist: every list is empty");
  },
  setunion: (args) => asSet(args.flatMap((l) => list(l, "setunion"))),
  setintersection: ([first, ...rest]) => asSet(list(first ?? null, "setintersection").filter((v) => rest.every((l) => contains(list(l, "setintersection"), v) === true))),
  setsubtract: ([a, b]) => asSet(list(a ?? null, "setsubtract").filter((v) => contains(list(b ?? null, "setsubtract"), v) !== true)),
  chunklist: ([l, size]) => {
    const items = list(l ?? null, "chunklist");
    const n = num(size ?? null, "chunklist");
    if (n <= 0) return [items];
    const out: Value[] = [];
    for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
    return out;
  },
  sum: ([l]) => list(l ?? null, "sum").reduce<number>((acc, v) => acc + num(v, "sum"), 0),
  alltrue: ([l]) => list(l ?? null, "alltrue").every((v) => toBool(v, "alltrue")),
  anytrue: ([l]) => list(l ?? null, "anytrue").some((v) => toBool(v, "anytrue")),
  matchkeys: ([values, keys, search]) => {
    const v = list(values ?? null, "matchkeys");
    const k = list(keys ?? null, "matchkeys");
    const s = list(search ?? null, "matchkeys");
    return v.filter((_, i) => contains(s, k[i] ?? null) === true);
  },
  transpose: ([m]) => {
    const out: Record<string, Value[]> = {};
    const input = map(m ?? null, "transpose");
    for (const k of sortedKeys(input)) {
      for (const v of list(input[k]!, "transpose")) {
        const key = str(v, "transpose");
        (out[key] ??= []).push(k);
      }
    }
    const result: ValueMap = {};
    for (const k of Object.keys(out)) setKey(result, k, out[k]!);
    return result;
  },

  // Numbers
  min: (args) => Math.min(...args.map((v) => num(v, "min"))),
  max: (args) => Math.max(...args.map((v) => num(v, "max"))),
  abs: ([n]) => Math.abs(num(n ?? null, "abs")),
  ceil: ([n]) => Math.ceil(num(n ?? null, "ceil")),
  floor: ([n]) => Math.floor(num(n ?? null, "floor")),
  signum: ([n]) => Math.sign(num(n ?? null, "signum")),
  pow: ([a, b]) => num(a ?? null, "pow") ** num(b ?? null, "pow"),
  parseint: ([s, base]) => {
    const b = num(base ?? null, "parseint");
    const text = str(s ?? null, "parseint");
    const digits = "0123456789abcdefghijklmnopqrstuvwxyz".slice(0, b);
    if (b < 2 || b > 36 || !new RegExp(`^[-+]?[${digits}]+$`, "i").test(text)) throw new EvalError("parseint: not a number in that base");
    return parseInt(text, b);
  },

  // Types
  tostring: ([v]) => (v === null || v === undefined ? null : toStr(v, "tostring")),
  tonumber: ([v]) => (v === null || v === undefined ? null : toNum(v, "tonumber")),
  tobool: ([v]) => (v === null || v === undefined ? null : toBool(v, "tobool")),
  toset: ([v]) => (v === null || v === undefined ? null : asSet(list(v, "toset"))),

  // Encoding
  jsonencode: ([v]) => jsonEncode(v ?? null),
  jsondecode: ([s]) => jsonDecode(str(s ?? null, "jsondecode")),
  base64encode: ([s]) => Buffer.from(str(s ?? null, "base64encode"), "utf8").toString("base64"),
  base64decode: ([s]) => Buffer.from(str(s ?? null, "base64decode"), "base64").toString("utf8"),
  urlencode: ([s]) => urlEncode(str(s ?? null, "urlencode")),
  md5: hash("md5", "hex"),
  sha1: hash("sha1", "hex"),
  sha256: hash("sha256", "hex"),
  sha512: hash("sha512", "hex"),
  base64sha256: hash("sha256", "base64"),
  base64sha512: hash("sha512", "base64"),

  // Network
  cidrsubnet: ([p, bits, n]) => cidrSubnet(str(p ?? null, "cidrsubnet"), num(bits ?? null, "cidrsubnet"), num(n ?? null, "cidrsubnet")),
  cidrsubnets: ([p, ...bits]) => cidrSubnets(str(p ?? null, "cidrsubnets"), bits.map((b) => num(b, "cidrsubnets"))),
  cidrhost: ([p, n]) => cidrHost(str(p ?? null, "cidrhost"), num(n ?? null, "cidrhost")),
  cidrnetmask: ([p]) => cidrNetmask(str(p ?? null, "cidrnetmask")),

  // Files: read relative to the working directory, as Terraform does; unreadable is unknown.
  file: ([p]) => {
    try {
      return readFileSync(str(p ?? null, "file"), "utf8");
    } catch {
      return UNKNOWN;
    }
  },
  basename: ([p]) => basename(str(p ?? null, "basename")),
  dirname: ([p]) => dirname(str(p ?? null, "dirname")),
  abspath: ([p]) => resolve(str(p ?? null, "abspath")),

  // Sensitivity is tracked from the expression (references.ts), not in values.
  sensitive: ([v]) => v ?? null,
  nonsensitive: ([v]) => v ?? null,
};

/** Functions that answer from the known parts of their arguments. */
const PARTIAL: Record<string, Fn> = {
  length: ([arg]) => {
    const v = arg ?? null;
    if (v === UNKNOWN) return UNKNOWN;
    if (typeof v === "string") return [...v].length;
    if (Array.isArray(v)) return v.length;
    if (isMap(v)) return Object.keys(v).length;
    throw new EvalError(`length: a ${typeName(v)} has no length`);
  },
  concat: (args) => {
    if (args.some((a) => a === UNKNOWN)) return UNKNOWN;
    return args.flatMap((a) => list(a, "concat"));
  },
  merge: (args) => {
    if (args.some((a) => a === UNKNOWN)) return UNKNOWN;
    const out: ValueMap = {};
    for (const a of args) {
      if (a === null) continue;
      const m = map(a, "merge");
      for (const k of Object.keys(m)) setKey(out, k, m[k]!);
    }
    return out;
  },
  tolist: ([v]) => (v === undefined ? null : v === UNKNOWN || v === null ? v : list(v, "tolist")),
  tomap: ([v]) => (v === undefined ? null : v === UNKNOWN || v === null ? v : map(v, "tomap")),
  keys: ([m]) => (m === UNKNOWN ? UNKNOWN : sortedKeys(map(m ?? null, "keys"))),
  values: ([m]) => {
    if (m === UNKNOWN) return UNKNOWN;
    const input = map(m ?? null, "values");
    return sortedKeys(input).map((k) => input[k]!);
  },
  lookup: ([m, key, fallback]) => {
    if (m === UNKNOWN || key === UNKNOWN) return UNKNOWN;
    const input = map(m ?? null, "lookup");
    const k = str(key ?? null, "lookup");
    if (Object.prototype.hasOwnProperty.call(input, k)) return input[k]!;
    if (fallback === undefined) throw new EvalError(`lookup: no key ${JSON.stringify(k)}`);
    return fallback;
  },
  element: ([l, i]) => {
    if (l === UNKNOWN || i === UNKNOWN) return UNKNOWN;
    const items = list(l ?? null, "element");
    if (items.length === 0) throw new EvalError("element: empty list");
    const n = num(i ?? null, "element");
    return items[((n % items.length) + items.length) % items.length]!;
  },
  flatten: ([l]) => (l === UNKNOWN ? UNKNOWN : flatten(list(l ?? null, "flatten"))),
  coalesce: (args) => {
    for (const a of args) {
      if (a === UNKNOWN) return UNKNOWN;
      if (a !== null && a !== "") return a;
    }
    throw new EvalError("coalesce: every argument is null or empty");
  },
};

function captures(m: RegExpExecArray | RegExpMatchArray): Value {
  if (m.groups && Object.keys(m.groups).length > 0) {
    const out: ValueMap = {};
    for (const [k, v] of Object.entries(m.groups)) setKey(out, k, v ?? null);
    return out;
  }
  if (m.length > 1) return m.slice(1).map((v) => v ?? null);
  return m[0];
}

/** Calls a function by name; an unknown name or an impure function gives UNKNOWN. */
export function callFunction(name: string, args: Value[]): Value {
  try {
    const partial = own(PARTIAL, name);
    if (partial) return partial(args);
    const strict = own(STRICT, name);
    if (!strict || IMPURE.has(name)) return UNKNOWN;
    if (!args.every(isWhollyKnown)) return UNKNOWN;
    return strict(args);
  } catch (err) {
    if (err instanceof UnknownResult) return UNKNOWN;
    throw err;
  }
}

function own(table: Record<string, Fn>, name: string): Fn | undefined {
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}
