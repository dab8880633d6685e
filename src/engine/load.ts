import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject } from "ajv";
import { parse as parseYaml } from "yaml";
import { InputError } from "../model/errors.js";
import { CHOSEN_BY_AWS, type Defaults } from "./lookup.js";
import type { Condition, Rule } from "./rule.js";

/** rules/ ships beside dist/ and src/, two levels above this module in both. */
export const BUNDLED_RULES_DIR = fileURLToPath(new URL("../../rules/", import.meta.url));

const NOT_RULES = new Set(["params.yaml", "provider-defaults.yaml"]);

export interface ParamSpec {
  default: unknown;
  description: string;
}

export interface RuleSet {
  rules: Rule[];
  params: Record<string, ParamSpec>;
  defaults: Defaults;
}

function readYaml(file: string, label: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`${label}: cannot read (${(e as NodeJS.ErrnoException).code ?? "error"})`, label);
  }
  try {
    return parseYaml(text);
  } catch (e) {
    const first = String((e as Error).message).split("\n")[0];
    throw new InputError(`${label}: not valid YAML: ${first}`, label);
  }
}

/** ajv's oneOf reports every branch; the deepest error is the one a rule author can act on. */
export function describeSchemaError(errors: readonly ErrorObject[]): string {
  const real = errors.filter((e) => e.keyword !== "oneOf" && e.keyword !== "if");
  const pick = [...(real.length ? real : errors)].sort((a, b) => b.instancePath.length - a.instancePath.length)[0]!;
  const field = pick.instancePath ? `field ${pick.instancePath.slice(1).replaceAll("/", ".")}` : "the rule";
  let what = pick.message ?? "is invalid";
  if (pick.keyword === "additionalProperties") what = `has unknown key "${String(pick.params.additionalProperty)}"`;
  if (pick.keyword === "enum") what = `must be one of ${(pick.params.allowedValues as unknown[]).join(", ")}`;
  return `${field} ${what}`;
}

/** Loads and checks every rule in `dir`; any problem is an InputError naming the file and field. */
export function loadRuleSet(dir: string = BUNDLED_RULES_DIR, label = "rules"): RuleSet {
  const schema = JSON.parse(readFileSync(join(dir, "schema.json"), "utf8")) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const params = readYaml(join(dir, "params.yaml"), `${label}/params.yaml`) as Record<string, ParamSpec>;
  const defaults = chosenByAws(readYaml(join(dir, "provider-defaults.yaml"), `${label}/provider-defaults.yaml`) as Defaults);
  const rules: Rule[] = [];
  const seen = new Map<string, string>();
  for (const name of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && !NOT_RULES.has(f)).sort()) {
    const where = `${label}/${name}`;
    const doc = readYaml(join(dir, name), where);
    if (!validate(doc)) throw new InputError(`${where}: ${describeSchemaError(validate.errors ?? [])}`, where);
    const raw = doc as Omit<Rule, "file" | "params"> & { params?: string[] };
    if (seen.has(raw.id)) throw new InputError(`${where}: rule id ${raw.id} is also used by ${seen.get(raw.id)}`, where);
    seen.set(raw.id, where);
    if (!raw.assert && !raw.require && !raw.requireFn) throw new InputError(`${where}: a rule needs assert, require or requireFn`, where);
    const used = new Set<string>();
    for (const c of [raw.where, raw.assert, ...(raw.require ?? []).map((r) => r.where)]) if (c) paramsUsed(c, used);
    for (const p of used) {
      if (!(p in params)) throw new InputError(`${where}: uses parameter ${p}, which rules/params.yaml does not define`, where);
    }
    rules.push({ ...raw, params: [...new Set([...(raw.params ?? []), ...used])], file: where });
  }
  return { rules, params, defaults };
}

/** `{ chosenByAws: true }` in provider-defaults.yaml marks a default only AWS knows. */
function chosenByAws(defaults: Defaults): Defaults {
  for (const attrs of Object.values(defaults)) {
    for (const [path, v] of Object.entries(attrs)) {
      if (v && typeof v === "object" && (v as { chosenByAws?: unknown }).chosenByAws === true) attrs[path] = CHOSEN_BY_AWS;
    }
  }
  return defaults;
}

/** Collects `{ param: x }` operands, so an undefined parameter is a load error, not a scan-time crash. */
function paramsUsed(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) for (const n of node) paramsUsed(n, into);
  else if (node && typeof node === "object") {
    const o = node as Record<string, unknown>;
    if (typeof o.param === "string" && Object.keys(o).length === 1) into.add(o.param);
    for (const v of Object.values(o)) paramsUsed(v, into);
  }
}

/** Function names a rule set calls, so the CLI can check them against the registry at start. */
export function functionsUsed(rule: Rule): string[] {
  const out: string[] = [];
  const walk = (c: Condition | undefined): void => {
    if (!c) return;
    if ("fn" in c) out.push(c.fn);
    else if ("all" in c) c.all.forEach(walk);
    else if ("any" in c) c.any.forEach(walk);
    else if ("not" in c) walk(c.not);
    else if ("each" in c) { walk(c.each.where); walk(c.each.assert); }
    else if ("some" in c) { walk(c.some.where); walk(c.some.assert); }
    else if ("related" in c) walk(c.related.assert);
    else if ("byType" in c) Object.values(c.byType).forEach(walk);
  };
  walk(rule.where);
  walk(rule.assert);
  for (const r of rule.require ?? []) walk(r.where);
  return out;
}
