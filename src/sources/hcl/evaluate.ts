/**
 * Static evaluation of HCL expressions. Anything that depends on what is known only after apply is
 * UNKNOWN; what Terraform itself would reject throws EvalError (which try() and can() catch).
 */
import { callFunction } from "./functions.js";
import { SPLAT_ITEM, type Expr, type TemplatePart } from "./syntax.js";
import {
  EvalError, Lazy, UNKNOWN, equal, isMap, isWhollyKnown, setKey, settle, sortedKeys, toBool, toNum, toStr, typeName,
  type Value, type ValueMap,
} from "./values.js";

/** Root names in reach of an expression: `var`, `local`, bound for-variables… */
export interface Scope {
  /** undefined: nothing by that name (an error in Terraform). */
  get(name: string): Value | undefined;
}

/** A scope with more names bound on top of `parent`. */
export function bind(parent: Scope, names: Readonly<Record<string, Value>>): Scope {
  return { get: (name) => (Object.prototype.hasOwnProperty.call(names, name) ? names[name] : parent.get(name)) };
}

const MAX_DEPTH = 1000;
let depth = 0;

export function evaluate(e: Expr, scope: Scope): Value {
  // Recursion through locals and outputs is bounded: a chain this deep is a cycle or a bomb.
  if (++depth > MAX_DEPTH) {
    depth--;
    return UNKNOWN;
  }
  try {
    return evaluateExpr(e, scope);
  } finally {
    depth--;
  }
}

/** Evaluation that never throws: an error becomes UNKNOWN (never a guess, never a crash). */
export function evaluateOrUnknown(e: Expr, scope: Scope): Value {
  try {
    return evaluate(e, scope);
  } catch (err) {
    if (err instanceof EvalError) return UNKNOWN;
    throw err;
  }
}

function evaluateExpr(e: Expr, scope: Scope): Value {
  switch (e.kind) {
    case "literal":
      return e.value;
    case "template":
      return template(e.parts, scope);
    case "tuple":
      return e.items.map((i) => evaluate(i, scope));
    case "object": {
      const out: ValueMap = {};
      let unknownKey = false;
      for (const item of e.items) {
        const k = settle(evaluate(item.key, scope));
        const v = evaluate(item.value, scope);
        if (k === UNKNOWN) unknownKey = true;
        else setKey(out, toStr(k, "object key"), v);
      }
      return unknownKey ? UNKNOWN : out;
    }
    case "name": {
      const v = scope.get(e.name);
      if (v === undefined) throw new EvalError(`${e.name} is not defined here`);
      return v;
    }
    case "attr":
      return getAttr(evaluate(e.target, scope), e.name);
    case "index":
      return getIndex(evaluate(e.target, scope), evaluate(e.key, scope));
    case "splat":
      return splat(evaluate(e.target, scope), e.each, scope);
    case "call":
      return call(e, scope);
    case "conditional": {
      const c = settle(evaluate(e.cond, scope));
      if (c === UNKNOWN) return UNKNOWN;
      return evaluate(toBool(c, "condition") ? e.then : e.else, scope);
    }
    case "unary": {
      const v = settle(evaluate(e.operand, scope));
      if (v === UNKNOWN) return UNKNOWN;
      return e.op === "!" ? !toBool(v) : -toNum(v);
    }
    case "binary":
      return binary(e.op, evaluate(e.left, scope), evaluate(e.right, scope));
    case "for":
      return forExpr(e, scope);
    case "unsupported":
      return UNKNOWN;
  }
}

function getAttr(v: Value, name: string): Value {
  if (v === UNKNOWN) return UNKNOWN;
  if (v instanceof Lazy) return v.attr(name);
  if (isMap(v)) {
    if (!Object.prototype.hasOwnProperty.call(v, name)) throw new EvalError(`no attribute ${name}`);
    return v[name]!;
  }
  throw new EvalError(`a ${typeName(v)} has no attribute ${name}`);
}

function getIndex(v: Value, key: Value): Value {
  const k = settle(key);
  if (v === UNKNOWN || k === UNKNOWN) return UNKNOWN;
  if (v instanceof Lazy) return v.attr(toStr(k, "key"));
  if (Array.isArray(v)) {
    const i = toNum(k, "index");
    if (!Number.isInteger(i) || i < 0 || i >= v.length) throw new EvalError(`index ${i} out of range`);
    return v[i]!;
  }
  if (isMap(v)) {
    const name = toStr(k, "key");
    if (!Object.prototype.hasOwnProperty.call(v, name)) throw new EvalError(`no element with key ${JSON.stringify(name)}`);
    return v[name]!;
  }
  throw new EvalError(`a ${typeName(v)} cannot be indexed`);
}

function splat(target: Value, each: Expr, scope: Scope): Value {
  if (target === UNKNOWN) return UNKNOWN;
  if (target === null) return [];
  const items = Array.isArray(target) ? target : [target];
  return items.map((item) => evaluate(each, bind(scope, { [SPLAT_ITEM]: item })));
}

function call(e: Extract<Expr, { kind: "call" }>, scope: Scope): Value {
  if (e.name === "try") {
    for (const arg of e.args) {
      try {
        const v = settle(evaluate(arg, scope));
        return isWhollyKnown(v) ? v : UNKNOWN;
      } catch (err) {
        if (!(err instanceof EvalError)) throw err;
      }
    }
    throw new EvalError("no argument of try() could be evaluated");
  }
  if (e.name === "can") {
    try {
      return isWhollyKnown(settle(evaluate(e.args[0] ?? { kind: "unsupported", what: "can()" }, scope))) ? true : UNKNOWN;
    } catch (err) {
      if (err instanceof EvalError) return false;
      throw err;
    }
  }
  let args = e.args.map((a) => settle(evaluate(a, scope)));
  if (e.expandLast) {
    const last = args[args.length - 1];
    if (last === UNKNOWN) return UNKNOWN;
    if (!Array.isArray(last)) throw new EvalError("only a list can be expanded with ...");
    args = [...args.slice(0, -1), ...last];
  }
  return callFunction(e.name, args);
}

function binary(op: string, left: Value, right: Value): Value {
  if (op === "==" || op === "!=") {
    const same = equal(left, right);
    return same === UNKNOWN ? UNKNOWN : op === "==" ? same : !same;
  }
  const l = settle(left);
  const r = settle(right);
  if (op === "&&" || op === "||") {
    // One known side can decide alone: false && x is false whatever x is.
    const decisive = op === "||";
    if ((l !== UNKNOWN && toBool(l) === decisive) || (r !== UNKNOWN && toBool(r) === decisive)) return decisive;
    if (l === UNKNOWN || r === UNKNOWN) return UNKNOWN;
    return !decisive;
  }
  if (l === UNKNOWN || r === UNKNOWN) return UNKNOWN;
  const a = toNum(l);
  const b = toNum(r);
  switch (op) {
    case "+": return a + b;
    case "-": return a - b;
    case "*": return a * b;
    case "/":
      if (b === 0) throw new EvalError("division by zero");
      return a / b;
    case "%":
      if (b === 0) throw new EvalError("division by zero");
      return a % b;
    case "<": return a < b;
    case ">": return a > b;
    case "<=": return a <= b;
    case ">=": return a >= b;
    default: throw new EvalError(`operator ${op}`);
  }
}

/** Elements of a collection as (key, value) pairs, maps in key order; UNKNOWN when not known. */
export function iterate(collection: Value): [Value, Value][] | typeof UNKNOWN {
  const c = collection instanceof Lazy ? collection.materialize() : collection;
  if (c === UNKNOWN) return UNKNOWN;
  if (Array.isArray(c)) return c.map((v, i) => [i, v]);
  if (isMap(c)) return sortedKeys(c).map((k) => [k, c[k]!]);
  throw new EvalError(`a ${typeName(c)} cannot be iterated`);
}

function forExpr(e: Extract<Expr, { kind: "for" }>, scope: Scope): Value {
  const pairs = iterate(evaluate(e.collection, scope));
  if (pairs === UNKNOWN) return UNKNOWN;
  const list: Value[] = [];
  const map: ValueMap = {};
  let unknown = false;
  for (const [k, v] of pairs) {
    const inner = bind(scope, e.keyVar !== undefined ? { [e.keyVar]: k, [e.valueVar]: v } : { [e.valueVar]: v });
    if (e.cond) {
      const keep = settle(evaluate(e.cond, inner));
      if (keep === UNKNOWN) {
        unknown = true;
        continue;
      }
      if (!toBool(keep, "for condition")) continue;
    }
    const value = evaluate(e.value, inner);
    if (!e.key) {
      list.push(value);
      continue;
    }
    const key = settle(evaluate(e.key, inner));
    if (key === UNKNOWN) {
      unknown = true;
      continue;
    }
    const name = toStr(key, "for key");
    const had = Object.prototype.hasOwnProperty.call(map, name);
    if (e.grouping) setKey(map, name, [...(had ? (map[name] as Value[]) : []), value]);
    else if (had) throw new EvalError(`duplicate key ${JSON.stringify(name)} in a for expression`);
    else setKey(map, name, value);
  }
  if (unknown) return UNKNOWN;
  return e.key ? map : list;
}

function template(parts: TemplatePart[], scope: Scope): Value {
  // "${x}" alone is x itself, of whatever type.
  if (parts.length === 1 && parts[0]!.kind === "interp") return evaluate(parts[0]!.expr, scope);
  const out = render(parts, scope);
  return out;
}

function render(parts: TemplatePart[], scope: Scope): string | typeof UNKNOWN {
  let out = "";
  let unknown = false;
  for (const p of parts) {
    let piece: string | typeof UNKNOWN;
    if (p.kind === "text") piece = p.text;
    else if (p.kind === "interp") {
      const v = settle(evaluate(p.expr, scope));
      if (v === null) throw new EvalError("a template cannot include null");
      piece = v === UNKNOWN ? UNKNOWN : toStr(v, "template value");
    } else if (p.kind === "if") {
      const c = settle(evaluate(p.cond, scope));
      piece = c === UNKNOWN ? UNKNOWN : render(toBool(c, "template condition") ? p.then : p.else, scope);
    } else {
      const pairs = iterate(evaluate(p.collection, scope));
      if (pairs === UNKNOWN) piece = UNKNOWN;
      else {
        piece = "";
        for (const [k, v] of pairs) {
          const r = render(p.body, bind(scope, p.keyVar !== undefined ? { [p.keyVar]: k, [p.valueVar]: v } : { [p.valueVar]: v }));
          if (r === UNKNOWN) {
            piece = UNKNOWN;
            break;
          }
          piece += r;
        }
      }
    }
    if (piece === UNKNOWN) unknown = true;
    else out += piece;
  }
  return unknown ? UNKNOWN : out;
}
