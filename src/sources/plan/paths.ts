/**
 * `after_unknown` / `after_sensitive` trees flattened to dotted paths (`rule.0.destination.0.bucket`),
 * and sensitive values replaced by REDACTED in place (values are never cloned).
 */
import { REDACTED } from "../../model/resource.js";

/** One string per distinct path across the plan: 100k resources share "arn", "tags_all", ... */
export class Interner {
  private readonly seen = new Map<string, string>();
  private readonly sets = new Map<string, ReadonlySet<string>>();

  get(s: string): string {
    const known = this.seen.get(s);
    if (known !== undefined) return known;
    this.seen.set(s, s);
    return s;
  }

  /**
   * One set per distinct content: resources of a type mostly share their unknown paths (`arn`,
   * `id`, `tags_all`, ...), and most have no sensitive path at all. The sets are shared between
   * resources, hence ReadonlySet in the model: nothing may add to them. (A Set subclass that
   * refused `add` would not deep-equal a plain Set in tests downstream.)
   */
  set(paths: ReadonlySet<string>): ReadonlySet<string> {
    if (paths.size === 0) return NO_PATHS;
    const key = [...paths].join("\u0000");
    let shared = this.sets.get(key);
    if (!shared) this.sets.set(key, (shared = paths));
    return shared;
  }
}

export const NO_PATHS: ReadonlySet<string> = new Set<string>();

function join(prefix: string, key: string): string {
  return prefix === "" ? key : `${prefix}.${key}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Whether a sensitivity tree marks anything at all. */
export function hasTrue(tree: unknown): boolean {
  if (tree === true) return true;
  if (Array.isArray(tree)) return tree.some(hasTrue);
  if (isObject(tree)) {
    for (const key in tree) if (hasTrue(tree[key])) return true;
  }
  return false;
}

/** `tree` when it marks something, else undefined: most sensitivity trees mark nothing. */
export function ifMarking(tree: unknown): unknown {
  return hasTrue(tree) ? tree : undefined;
}

/** Adds the path of every `true` leaf; `true` on a block marks the block path itself. */
export function collectTrue(tree: unknown, out: Set<string>, intern: Interner, prefix = ""): void {
  if (tree === true) {
    if (prefix !== "") out.add(intern.get(prefix));
  } else if (Array.isArray(tree)) {
    for (let i = 0; i < tree.length; i++) collectTrue(tree[i], out, intern, join(prefix, String(i)));
  } else if (isObject(tree)) {
    for (const key in tree) collectTrue(tree[key], out, intern, join(prefix, key));
  }
}

/**
 * Walks a sensitivity tree alongside `values`: each `true` leaf adds its path to `out` and replaces
 * the value there by REDACTED. A null stays null: nothing is set, so nothing is hidden.
 */
export function redactSensitive(
  tree: unknown,
  values: Record<string, unknown>,
  out: Set<string>,
  intern: Interner,
): void {
  if (tree === true) {
    // Whole resource sensitive: hide every attribute.
    for (const key in values) redactAt(true, values, key, key, out, intern);
  } else if (isObject(tree)) {
    for (const key in tree) redactAt(tree[key], values, key, key, out, intern);
  }
}

function redactAt(
  tree: unknown,
  container: Record<string, unknown> | unknown[] | undefined,
  key: string | number,
  path: string,
  out: Set<string>,
  intern: Interner,
): void {
  const here = container === undefined ? undefined : (container as Record<string, unknown>)[key];
  if (tree === true) {
    out.add(intern.get(path));
    if (container !== undefined && here !== undefined && here !== null) {
      (container as Record<string, unknown>)[key] = REDACTED;
    }
  } else if (Array.isArray(tree)) {
    const child = Array.isArray(here) ? here : undefined;
    for (let i = 0; i < tree.length; i++) redactAt(tree[i], child, i, `${path}.${i}`, out, intern);
  } else if (isObject(tree)) {
    const child = isObject(here) ? here : undefined;
    for (const k in tree) redactAt(tree[k], child, k, `${path}.${k}`, out, intern);
  }
}

/**
 * Attribute or map key names that hold secrets. Plans before Terraform 0.15 carry no sensitivity
 * marks at all, and maps (Lambda environment variables, tags) are never marked by the provider
 * schema, so a literal `DB_PASSWORD` would otherwise reach a report. Matched by words, so that
 * `http_tokens` (IMDSv2) or `secret_arn` stay readable for the rules that need them.
 */
const NOT_SECRET_LAST = new Set([
  "arn", "arns", "id", "ids", "name", "names", "type", "version", "length", "strategy", "enabled",
  "required", "validity", "units", "policy", "prefix", "path", "count", "rotation",
]);
/** `<word>_token` that is an identifier, not a credential. */
const NOT_SECRET_TOKEN = new Set(["creation", "idempotency", "client", "http", "continuation", "next"]);
/** Schema-sensitive attributes whose names do not say so, for plans without sensitivity marks. */
const SENSITIVE_BY_TYPE: Record<string, string[]> = {
  aws_ssm_parameter: ["value"],
  aws_kms_ciphertext: ["plaintext"],
};

export function isSecretName(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");
  const last = words[words.length - 1];
  if (last === undefined || NOT_SECRET_LAST.has(last)) return false;
  if (words.some((w) => w.includes("password") || w.includes("passwd") || w.includes("passphrase"))) return true;
  if (words.includes("secret") || words.includes("credential") || words.includes("credentials")) return true;
  if (last === "token") return !NOT_SECRET_TOKEN.has(words[words.length - 2] ?? "");
  const joined = words.join("_");
  return /(^|_)(private_key|privatekey|api_key|apikey)(_|$)/.test(joined);
}

/** `isSecretName` by key: the values of a plan repeat the same few thousand keys. */
const secretKeys = new Map<string, boolean>();

function isSecretKey(key: string): boolean {
  let secret = secretKeys.get(key);
  if (secret === undefined) {
    secret = isSecretName(key);
    if (secretKeys.size < 65536) secretKeys.set(key, secret);
  }
  return secret;
}

/**
 * Redacts non-empty strings under secret-looking names. With sensitivity marks (`marked`), only
 * map entries are checked (objects that are attribute values, not the resource or a block), since
 * the provider schema already marked its own attributes; without them, every attribute is.
 */
export function redactSecretNames(
  type: string,
  values: Record<string, unknown>,
  marked: boolean,
  out: Set<string>,
  intern: Interner,
): void {
  if (!marked) {
    for (const key of SENSITIVE_BY_TYPE[type] ?? []) {
      const v = values[key];
      if (v !== undefined && v !== null && v !== REDACTED) {
        values[key] = REDACTED;
        out.add(intern.get(key));
      }
    }
  }
  walkSecrets(values, "", !marked, marked, out, intern);
}

function walkSecrets(
  node: Record<string, unknown>,
  prefix: string,
  checkHere: boolean,
  marked: boolean,
  out: Set<string>,
  intern: Interner,
): void {
  for (const key in node) {
    const v = node[key];
    if (typeof v === "string") {
      if (checkHere && v !== "" && isSecretKey(key)) {
        node[key] = REDACTED;
        out.add(intern.get(join(prefix, key)));
      }
    } else if (Array.isArray(v)) {
      const path = join(prefix, key);
      for (let i = 0; i < v.length; i++) {
        const el: unknown = v[i];
        // Block elements are schema objects: checked only when the plan has no marks.
        if (isObject(el)) walkSecrets(el, `${path}.${i}`, !marked, marked, out, intern);
      }
    } else if (isObject(v)) {
      // An object that is an attribute value is a map (or a single nested block like timeouts).
      walkSecrets(v, join(prefix, key), true, marked, out, intern);
    }
  }
}
