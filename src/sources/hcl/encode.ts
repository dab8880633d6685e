/** Text encodings as Terraform's functions produce them: jsonencode, format, urlencode. */
import { EvalError, UNKNOWN, formatNumber, isMap, sortedKeys, typeName, type Value } from "./values.js";

/**
 * Like Terraform's jsonencode: no spaces, object keys sorted, and `<`, `>`, `&`, U+2028, U+2029
 * escaped as Go's encoder does. Values must be settled and known.
 */
export function jsonEncode(v: Value): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new EvalError("a number that is not finite cannot be encoded");
    return formatNumber(v);
  }
  if (typeof v === "string") return quote(v);
  if (Array.isArray(v)) return `[${v.map(jsonEncode).join(",")}]`;
  if (isMap(v)) return `{${sortedKeys(v).map((k) => `${quote(k)}:${jsonEncode(v[k]!)}`).join(",")}}`;
  throw new EvalError(`a ${typeName(v)} cannot be encoded`);
}

function quote(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** JSON text → value; numbers, strings, bools, null, arrays and objects map one to one. */
export function jsonDecode(text: string): Value {
  try {
    return JSON.parse(text) as Value;
  } catch {
    throw new EvalError("jsondecode: not valid JSON");
  }
}

/** Go's url.QueryEscape, which urlencode uses. */
export function urlEncode(s: string): string {
  let out = "";
  for (const byte of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === " ") out += "+";
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * format(): the verbs real modules use (%s %d %v %q %t %f %e %x %o %b %%) with flags, width and
 * precision. A verb it does not know makes the result unknown rather than wrong.
 */
export function format(spec: string, args: Value[]): string | typeof UNKNOWN {
  let out = "";
  let next = 0;
  const verb = /%([-+ #0]*)(\d+|\*)?(?:\.(\d+|\*))?(\[\d+\])?([a-zA-Z%])/g;
  let last = 0;
  for (let m = verb.exec(spec); m; m = verb.exec(spec)) {
    out += spec.slice(last, m.index);
    last = verb.lastIndex;
    const [, flags = "", widthSpec, precSpec, explicit, letter] = m;
    if (letter === "%") {
      out += "%";
      continue;
    }
    if (widthSpec === "*" || precSpec === "*") return UNKNOWN;
    if (explicit) next = Number(explicit.slice(1, -1)) - 1;
    if (next >= args.length) throw new EvalError("format: not enough arguments");
    const arg = args[next++]!;
    const text = formatOne(letter!, flags, precSpec === undefined ? undefined : Number(precSpec), arg);
    if (text === UNKNOWN) return UNKNOWN;
    out += pad(text, flags, widthSpec === undefined ? 0 : Number(widthSpec));
  }
  out += spec.slice(last);
  if (next < args.length && !/%\[\d+\]/.test(spec)) throw new EvalError("format: too many arguments");
  return out;
}

function formatOne(letter: string, flags: string, precision: number | undefined, arg: Value): string | typeof UNKNOWN {
  const num = (): number => {
    const n = typeof arg === "string" && arg.trim() !== "" ? Number(arg) : arg;
    if (typeof n !== "number" || Number.isNaN(n)) throw new EvalError(`format: %${letter} needs a number`);
    return n;
  };
  const sign = (n: number, s: string) => (n >= 0 && flags.includes("+") ? `+${s}` : n >= 0 && flags.includes(" ") ? ` ${s}` : s);
  switch (letter) {
    case "v":
      if (flags.includes("#")) return jsonEncode(arg);
      if (arg === null) return "null";
      return typeof arg === "object" ? jsonEncode(arg) : primitive(arg);
    case "s":
      if (arg === null || typeof arg === "object") throw new EvalError("format: %s needs a string");
      return precision === undefined ? primitive(arg) : [...primitive(arg)].slice(0, precision).join("");
    case "q":
      if (typeof arg !== "string") throw new EvalError("format: %q needs a string");
      return JSON.stringify(arg);
    case "t":
      if (typeof arg !== "boolean" && arg !== "true" && arg !== "false") throw new EvalError("format: %t needs a bool");
      return String(arg);
    case "d": {
      const n = num();
      if (!Number.isInteger(n)) throw new EvalError("format: %d needs a whole number");
      return sign(n, formatNumber(n));
    }
    case "f":
    case "F":
      return sign(num(), num().toFixed(precision ?? 6));
    case "e":
      return sign(num(), num().toExponential(precision ?? 6).replace(/e([+-])(\d)$/, "e$10$2"));
    case "x":
    case "X":
    case "o":
    case "b": {
      if (typeof arg === "string" && letter !== "b" && Number.isNaN(Number(arg))) {
        const hex = Buffer.from(arg, "utf8").toString("hex");
        return letter === "X" ? hex.toUpperCase() : letter === "x" ? hex : UNKNOWN;
      }
      const n = num();
      if (!Number.isInteger(n)) return UNKNOWN;
      const s = Math.abs(n).toString(letter === "o" ? 8 : letter === "b" ? 2 : 16);
      return (n < 0 ? "-" : "") + (letter === "X" ? s.toUpperCase() : s);
    }
    default:
      return UNKNOWN;
  }
}

function primitive(v: Value): string {
  if (typeof v === "number") return formatNumber(v);
  return String(v);
}

function pad(text: string, flags: string, width: number): string {
  const length = [...text].length;
  if (length >= width) return text;
  const fill = width - length;
  if (flags.includes("-")) return text + " ".repeat(fill);
  if (flags.includes("0") && /^[+-]?\d/.test(text)) {
    const signChar = /^[+-]/.test(text) ? text[0]! : "";
    return signChar + "0".repeat(fill) + text.slice(signChar.length);
  }
  return " ".repeat(fill) + text;
}
