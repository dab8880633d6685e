import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { InputError } from "../model/errors.js";
import { isCalendarDate } from "./date.js";
import { canonicalRuleId } from "./rule-ids.js";
import type { WaiverEntry } from "./types.js";

/** Read when no `--waivers` is given, from the current directory only, and only if it is there. */
export const DEFAULT_WAIVERS_FILE = ".cbguard-waivers.yaml";

const FIELDS = ["rule", "resource", "owner", "reason", "until"] as const;
type Field = (typeof FIELDS)[number];

/**
 * The waivers file to read: the one named by `--waivers`, else `.cbguard-waivers.yaml` in `cwd` if
 * it exists, else none. A file named explicitly must exist (loading it says so if not).
 */
export function resolveWaiversFile(explicit: string | undefined, cwd: string): string | undefined {
  if (explicit !== undefined && explicit !== "") return explicit;
  return existsSync(join(cwd, DEFAULT_WAIVERS_FILE)) ? DEFAULT_WAIVERS_FILE : undefined;
}

/** Reads and checks a waivers file; `file` is shown in messages as given. */
export function loadWaiversFile(file: string, ruleIds: readonly string[]): WaiverEntry[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (code ?? "unreadable");
    throw new InputError(`${file}: cannot read waivers file (${why})`, file);
  }
  return parseWaiversFile(text, file, ruleIds);
}

/**
 * A waivers file:
 *
 *     waivers:
 *       - rule: CB-RDS-001
 *         resource: module.database.aws_db_instance.main   # glob over address or ARN
 *         owner: team-db                                   # optional
 *         reason: Migrating to Multi-AZ in Q1
 *         until: 2027-01-31
 *
 * An empty file, or an empty list, holds no waivers. Every problem is a one-line InputError naming
 * `file:line`, the entry (`waivers[2]`, counted from 0) and the field.
 */
export function parseWaiversFile(text: string, file: string, ruleIds: readonly string[]): WaiverEntry[] {
  const lines = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ""), { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined): number | undefined =>
    node?.range !== undefined && node.range !== null ? lines.linePos(node.range[0]).line : undefined;
  const fail: (line: number | undefined, problem: string) => never = (line, problem) => {
    throw new InputError(`${file}${line !== undefined ? `:${line}` : ""}: ${problem}`, file);
  };

  const yamlError = doc.errors[0];
  if (yamlError !== undefined) {
    fail(lines.linePos(yamlError.pos[0]).line, `not valid YAML: ${yamlError.message.split("\n")[0]!.replace(/ at line \d+, column \d+.*$/, "")}`);
  }
  const root = resolve(doc, doc.contents);
  if (root === null || (isScalar(root) && (root.value === null || root.value === undefined))) return [];
  if (!isMap(root)) fail(lineOf(root), "a waivers file is a mapping with one key, waivers: a list of waivers");

  let list: Node | null = null;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    if (key !== "waivers") fail(lineOf(pair.key as Node), `unknown key ${JSON.stringify(String(key))} (the file holds one key, waivers)`);
    list = resolve(doc, pair.value as Node | null);
  }
  if (list === null || (isScalar(list) && (list.value === null || list.value === undefined))) {
    if (root.items.length === 0) fail(lineOf(root), "expected a key waivers: with a list of waivers");
    return [];
  }
  if (!isSeq(list)) fail(lineOf(list), "waivers must be a list (each item starts with -)");

  return list.items.map((raw, index): WaiverEntry => {
    const item = resolve(doc, raw as Node | null);
    const at = `waivers[${index}]`;
    const entryLine = lineOf(item) ?? lineOf(list);
    if (item === null || !isMap(item)) return fail(entryLine, `${at} must be a mapping of rule, resource, reason, until and owner`);

    const values: Partial<Record<Field, unknown>> = {};
    const fieldLine: Partial<Record<Field, number>> = {};
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (typeof key !== "string" || !(FIELDS as readonly string[]).includes(key)) {
        fail(lineOf(pair.key as Node) ?? entryLine, `${at}: unknown key ${JSON.stringify(String(key))} (expected rule, resource, reason, until, owner)`);
      }
      const value = resolve(doc, pair.value as Node | null);
      const js: unknown = value === null ? null : value.toJS(doc);
      // A `%YAML 1.1` file reads an unquoted date as a timestamp; it means the same day.
      values[key as Field] = js instanceof Date && !Number.isNaN(js.getTime()) ? js.toISOString().slice(0, 10) : js;
      const line = lineOf(value) ?? lineOf(pair.key as Node);
      if (line !== undefined) fieldLine[key as Field] = line;
    }

    const text = (field: Field, required: boolean, hint: string): string | undefined => {
      const v = values[field];
      const line = fieldLine[field] ?? entryLine;
      if (v === undefined || v === null || (typeof v === "string" && v.trim() === "")) {
        if (required) fail(line, `${at}: missing ${field} (${hint})`);
        if (v !== undefined) fail(line, `${at}.${field} is empty (leave it out, or ${hint})`);
        return undefined;
      }
      if (typeof v !== "string") fail(line, `${at}.${field} must be a string, not ${Array.isArray(v) ? "a list" : typeof v}`);
      return v.trim();
    };

    const ruleText = text("rule", true, "the id of the rule it waives, e.g. CB-RDS-001")!;
    const rule = canonicalRuleId(ruleText, ruleIds);
    if (rule === undefined) {
      fail(fieldLine.rule ?? entryLine, `${at}.rule: unknown rule id ${JSON.stringify(ruleText)} (one rule id per waiver; cbguard rules list shows them all)`);
    }
    const pattern = text("resource", true, `an address or ARN, * and ? as wildcards; "*" for every resource`)!;
    const reason = text("reason", true, "why the failure is accepted")!;
    const until = text("until", true, "the last day it waives, YYYY-MM-DD")!;
    if (!isCalendarDate(until)) fail(fieldLine.until ?? entryLine, `${at}.until: ${JSON.stringify(until)} is not a calendar date in YYYY-MM-DD form`);
    const owner = text("owner", false, "name a person or team");

    return {
      rule,
      target: { kind: "glob", pattern },
      reason,
      until,
      ...(owner !== undefined ? { owner } : {}),
      origin: { kind: "file", file, index, ...(entryLine !== undefined ? { line: entryLine } : {}) },
    };
  });
}

/** Follows an alias (`*anchor`) to the node it names. */
function resolve(doc: Document, node: Node | null | undefined): Node | null {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? null;
  return node;
}
