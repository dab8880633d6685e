import { InputError } from "../model/errors.js";
import type { Location, Resource, WaiverComment } from "../model/resource.js";
import { isCalendarDate } from "./date.js";
import { canonicalRuleId } from "./rule-ids.js";
import { originLabel, type WaiverEntry, type WaiverOrigin } from "./types.js";

/** What an inline waiver comment says, before it is tied to a resource. */
export interface InlineWaiver {
  rule: string;
  reason: string;
  until: string;
  owner?: string;
}

const KEYS = ["reason", "until", "owner"] as const;
type Key = (typeof KEYS)[number];

/**
 * Parses the text after `cbguard:waive`:
 *
 *     CB-RDS-001 reason="Migrating to Multi-AZ in Q1" until=2027-01-31 owner=team-db
 *
 * The rule id comes first; then `key=value` pairs in any order. `reason` and `until` are required,
 * `owner` is optional. A value with spaces must be in double quotes (`\"` and `\\` escape inside
 * them). Any problem is a one-line InputError that starts with where the comment is.
 */
export function parseWaiverComment(text: string, location: Location, ruleIds: readonly string[]): InlineWaiver {
  const where = originLabel(inlineOrigin(location));
  const fail: (problem: string) => never = (problem) => {
    throw new InputError(`${where}: cbguard:waive: ${problem}`, location.file);
  };

  const tokens = tokenize(text, fail);
  const first = tokens.shift();
  if (first === undefined) fail(`name a rule, then reason="…" until=YYYY-MM-DD`);
  if (first.key !== undefined || first.quoted) fail(`the rule id comes first, e.g. cbguard:waive CB-RDS-001 reason="…" until=YYYY-MM-DD`);
  const rule = canonicalRuleId(first.value, ruleIds);
  if (rule === undefined) fail(`unknown rule id "${first.value}" (cbguard rules list shows them all)`);

  const values: Partial<Record<Key, string>> = {};
  for (const t of tokens) {
    if (t.key === undefined) {
      fail(`unexpected ${JSON.stringify(t.value)}: write key=value, and quote a value with spaces (reason="…")`);
    }
    const key = t.key;
    if (!(KEYS as readonly string[]).includes(key)) fail(`unknown key "${key}" (expected reason, until, owner)`);
    if (values[key as Key] !== undefined) fail(`${key} is given twice`);
    values[key as Key] = t.value;
  }

  const reason = values.reason?.trim();
  if (reason === undefined || reason === "") fail(`missing reason="…" (a waiver must say why)`);
  const until = values.until;
  if (until === undefined || until === "") fail(`missing until=YYYY-MM-DD (a waiver must expire)`);
  if (!isCalendarDate(until)) fail(`until=${until} is not a calendar date in YYYY-MM-DD form`);
  const owner = values.owner?.trim();
  if (owner !== undefined && owner === "") fail(`owner is empty (leave it out, or name a person or team)`);

  return { rule: rule, reason: reason, until: until, ...(owner !== undefined ? { owner } : {}) };
}

interface Token {
  key?: string;
  value: string;
  /** The value was in quotes (so it cannot be a rule id). */
  quoted: boolean;
}

/** Splits on blanks; `key=value`, `key="quoted value"` and bare words. */
function tokenize(text: string, fail: (problem: string) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const blank = (c: string | undefined) => c !== undefined && /\s/.test(c);
  while (i < text.length) {
    if (blank(text[i])) {
      i += 1;
      continue;
    }
    let key: string | undefined;
    const keyMatch = /^([A-Za-z_][A-Za-z0-9_-]*)=/.exec(text.slice(i));
    if (keyMatch !== null) {
      key = keyMatch[1]!;
      i += keyMatch[0].length;
    }
    if (text[i] === '"') {
      let value = "";
      i += 1;
      for (;;) {
        const c = text[i];
        if (c === undefined) fail(`unterminated quote${key !== undefined ? ` after ${key}=` : ""}`);
        if (c === '"') break;
        if (c === "\\" && (text[i + 1] === '"' || text[i + 1] === "\\")) {
          value += text[i + 1];
          i += 2;
          continue;
        }
        value += c;
        i += 1;
      }
      i += 1;
      if (i < text.length && !blank(text[i])) fail(`put a space after the closing quote${key !== undefined ? ` of ${key}=` : ""}`);
      tokens.push({ ...(key !== undefined ? { key } : {}), value, quoted: true });
    } else {
      const start = i;
      while (i < text.length && !blank(text[i])) i += 1;
      const value = text.slice(start, i);
      if (value.includes('"')) fail(`stray quote in ${JSON.stringify(value)}`);
      tokens.push({ ...(key !== undefined ? { key } : {}), value, quoted: false });
    }
  }
  return tokens;
}

function inlineOrigin(location: Location): WaiverOrigin {
  return {
    kind: "inline",
    ...(location.file !== undefined ? { file: location.file } : {}),
    ...(location.startLine !== undefined ? { line: location.startLine } : {}),
  };
}

/**
 * Every inline waiver in an inventory, each tied to the resource its comment is on. A resource with
 * `count` or `for_each` carries the same comment on every instance: that is one waiver covering all
 * of them, listed once.
 */
export function collectInlineWaivers(resources: readonly Resource[], ruleIds: readonly string[]): WaiverEntry[] {
  const byComment = new Map<string, { comment: WaiverComment; parsed: InlineWaiver; resources: Resource[] }>();
  for (const resource of resources) {
    for (const comment of resource.waiverComments ?? []) {
      const key = `${comment.location.file ?? ""}\u0000${comment.location.startLine ?? ""}\u0000${comment.text}`;
      const seen = byComment.get(key);
      if (seen !== undefined) seen.resources.push(resource);
      else byComment.set(key, { comment, parsed: parseWaiverComment(comment.text, comment.location, ruleIds), resources: [resource] });
    }
  }
  return [...byComment.values()].map(({ comment, parsed, resources: on }) => ({
    ...parsed,
    target: { kind: "resource", addresses: on.map((r) => r.address), label: resourceLabel(on) },
    origin: inlineOrigin(comment.location),
  }));
}

function resourceLabel(resources: readonly Resource[]): string {
  if (resources.length === 1) return resources[0]!.address;
  const bases = [...new Set(resources.map((r) => r.baseAddress))];
  return bases.length === 1 ? `${bases[0]!} (${resources.length} instances)` : resources.map((r) => r.address).join(", ");
}
