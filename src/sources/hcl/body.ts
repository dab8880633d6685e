/**
 * A resource's body → the value Terraform would plan from it: attributes evaluated, nested blocks
 * as arrays of objects (`timeouts` as one object, as in a plan), dynamic blocks expanded when their
 * for_each is known. Each attribute and block is reported with its dotted path, so expressions
 * and line numbers line up with values.
 */
import { bind, evaluateOrUnknown, iterate, type Scope } from "./evaluate.js";
import { attributeNamed, type Attribute, type Block, type Body, type Expr } from "./syntax.js";
import { EvalError, UNKNOWN, setKey, settle, type Value, type ValueMap } from "./values.js";

/** The dynamic blocks an attribute sits in, innermost last: their iterators stand for for_each elements. */
export interface DynamicIterator {
  name: string;
  forEach: Expr;
  /** The iterators in force where this dynamic block's for_each is written. */
  outer: readonly DynamicIterator[];
}

export interface BodyEntry {
  path: string;
  attribute: Attribute;
  iterators: readonly DynamicIterator[];
}

export interface EvaluatedBody {
  values: ValueMap;
  /** Every attribute written, by dotted path (`rule.0.destination.0.bucket`). */
  attributes: BodyEntry[];
  /** Every nested block by path (`rule.0`), and each block type whose dynamic for_each is unknown. */
  blocks: { path: string; block: Block }[];
}

/** Not attributes of the resource: Terraform's meta-arguments and meta-blocks. */
export const RESOURCE_META = new Set(["count", "for_each", "provider", "depends_on", "lifecycle", "provisioner", "connection"]);
const NONE: ReadonlySet<string> = new Set();
/** Nested blocks the provider schema has as a single object rather than a list. */
const SINGLE_BLOCKS = new Set(["timeouts"]);

export function evaluateBody(body: Body, scope: Scope, skip: ReadonlySet<string> = RESOURCE_META): EvaluatedBody {
  const out: EvaluatedBody = { values: {}, attributes: [], blocks: [] };
  out.values = walk(body, scope, skip, "", [], out);
  return out;
}

function join(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

function walk(body: Body, scope: Scope, skip: ReadonlySet<string>, prefix: string, iterators: readonly DynamicIterator[], out: EvaluatedBody): ValueMap {
  const values: ValueMap = {};
  for (const a of body.attributes) {
    if (skip.has(a.name)) continue;
    setKey(values, a.name, settle(evaluateOrUnknown(a.expr, scope)));
    out.attributes.push({ path: join(prefix, a.name), attribute: a, iterators });
  }
  const lists = new Map<string, Value[] | typeof UNKNOWN>();
  const add = (type: string, item: Value | typeof UNKNOWN) => {
    const list = lists.get(type) ?? [];
    if (list === UNKNOWN || item === UNKNOWN) lists.set(type, UNKNOWN);
    else {
      list.push(item);
      lists.set(type, list);
    }
  };
  const indexOf = (type: string) => {
    const list = lists.get(type);
    return Array.isArray(list) ? list.length : 0;
  };
  for (const b of body.blocks) {
    if (skip.has(b.type)) continue;
    if (b.type === "dynamic") {
      dynamic(b, scope, prefix, iterators, out, add, indexOf);
      continue;
    }
    const path = join(prefix, SINGLE_BLOCKS.has(b.type) ? b.type : `${b.type}.${indexOf(b.type)}`);
    out.blocks.push({ path, block: b });
    add(b.type, walk(b.body, scope, NONE, path, iterators, out));
  }
  for (const [type, list] of lists) setKey(values, type, SINGLE_BLOCKS.has(type) && Array.isArray(list) ? (list[0] ?? null) : list);
  return values;
}

function dynamic(
  b: Block, scope: Scope, prefix: string, iterators: readonly DynamicIterator[], out: EvaluatedBody,
  add: (type: string, item: Value | typeof UNKNOWN) => void, indexOf: (type: string) => number,
): void {
  const type = b.labels[0];
  const forEach = attributeNamed(b.body, "for_each")?.expr;
  const content = b.body.blocks.find((c) => c.type === "content");
  if (type === undefined || !forEach || !content) return;
  const iteratorName = nameOf(attributeNamed(b.body, "iterator")?.expr) ?? type;
  let pairs: ReturnType<typeof iterate>;
  try {
    pairs = iterate(evaluateOrUnknown(forEach, scope));
  } catch (err) {
    if (!(err instanceof EvalError)) throw err;
    pairs = UNKNOWN;
  }
  if (pairs === UNKNOWN) {
    // How many blocks, and so every index after them, waits for apply.
    out.blocks.push({ path: join(prefix, type), block: b });
    add(type, UNKNOWN);
    return;
  }
  const inner: DynamicIterator[] = [...iterators, { name: iteratorName, forEach, outer: iterators }];
  for (const [key, value] of pairs) {
    const path = join(prefix, SINGLE_BLOCKS.has(type) ? type : `${type}.${indexOf(type)}`);
    out.blocks.push({ path, block: b });
    add(type, walk(content.body, bind(scope, { [iteratorName]: { key, value } }), NONE, path, inner, out));
  }
}

function nameOf(e: Expr | undefined): string | undefined {
  return e?.kind === "name" ? e.name : undefined;
}
