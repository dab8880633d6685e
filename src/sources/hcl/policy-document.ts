/**
 * `data "aws_iam_policy_document"` rendered as the AWS provider (v5) renders it at plan time: no API
 * call is involved, so its `json` is as static as a jsonencode(). Source documents come first,
 * the document's own statements replace those with the same Sid, override documents last.
 */
import { UNKNOWN, isMap, isWhollyKnown, type Value, type ValueMap } from "./values.js";

type Json = Record<string, unknown>;

export function renderPolicyDocument(values: ValueMap, pretty: boolean): Value {
  if (!isWhollyKnown(values)) return UNKNOWN;
  const statements: Json[] = [];
  let version: unknown = "2012-10-17";
  let id: unknown;
  const merge = (doc: Json) => {
    if (typeof doc.Version === "string") version = doc.Version;
    if (typeof doc.Id === "string") id = doc.Id;
    const incoming = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
    for (const s of incoming as Json[]) {
      const at = typeof s.Sid === "string" && s.Sid !== "" ? statements.findIndex((x) => x.Sid === s.Sid) : -1;
      if (at === -1) statements.push(s);
      else statements[at] = s;
    }
  };
  for (const text of [...strings(values.source_json), ...strings(values.source_policy_documents)]) {
    const doc = parse(text);
    if (!doc) return UNKNOWN;
    merge(doc);
  }
  const own: Json = { Statement: (Array.isArray(values.statement) ? values.statement : []).filter(isMap).map(statement) };
  if (typeof values.version === "string" && values.version !== "") own.Version = values.version;
  if (typeof values.policy_id === "string" && values.policy_id !== "") own.Id = values.policy_id;
  merge(own);
  for (const text of [...strings(values.override_json), ...strings(values.override_policy_documents)]) {
    const doc = parse(text);
    if (!doc) return UNKNOWN;
    merge(doc);
  }
  const doc: Json = { Version: version, ...(id !== undefined ? { Id: id } : {}), Statement: statements };
  return pretty ? JSON.stringify(doc, null, 2) : JSON.stringify(doc);
}

function strings(v: Value | undefined): string[] {
  if (typeof v === "string" && v !== "") return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x !== "") : [];
}

function parse(text: string): Json | undefined {
  try {
    const doc: unknown = JSON.parse(text);
    return typeof doc === "object" && doc !== null && !Array.isArray(doc) ? (doc as Json) : undefined;
  } catch {
    return undefined;
  }
}

/** One string stays a string, as the provider writes it; several are a list. */
function oneOrMany(v: Value | undefined): unknown {
  const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return list.length === 1 ? list[0] : list;
}

function statement(s: ValueMap): Json {
  const out: Json = {};
  if (typeof s.sid === "string" && s.sid !== "") out.Sid = s.sid;
  out.Effect = typeof s.effect === "string" && s.effect !== "" ? s.effect : "Allow";
  const lists: [string, string][] = [["actions", "Action"], ["not_actions", "NotAction"], ["resources", "Resource"], ["not_resources", "NotResource"]];
  for (const [attr, key] of lists) if (Array.isArray(s[attr]) && (s[attr] as Value[]).length > 0) out[key] = oneOrMany(s[attr]);
  const principals = principalSet(s.principals);
  if (principals !== undefined) out.Principal = principals;
  const notPrincipals = principalSet(s.not_principals);
  if (notPrincipals !== undefined) out.NotPrincipal = notPrincipals;
  if (Array.isArray(s.condition) && s.condition.length > 0) {
    const conditions: Record<string, Record<string, unknown>> = {};
    for (const c of s.condition.filter(isMap)) {
      const test = String(c.test);
      (conditions[test] ??= {})[String(c.variable)] = oneOrMany(c.values);
    }
    out.Condition = conditions;
  }
  return out;
}

/** `principals { type = "*", identifiers = ["*"] }` is `"*"`; otherwise type → identifiers. */
function principalSet(v: Value | undefined): unknown {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const blocks = v.filter(isMap);
  const only = blocks[0];
  if (blocks.length === 1 && only && only.type === "*" && Array.isArray(only.identifiers) && only.identifiers.length === 1 && only.identifiers[0] === "*") return "*";
  const byType: Record<string, Value[]> = {};
  for (const b of blocks) (byType[String(b.type)] ??= []).push(...(Array.isArray(b.identifiers) ? b.identifiers : []));
  const out: Json = {};
  for (const [type, ids] of Object.entries(byType)) out[type] = oneOrMany(ids);
  return out;
}
