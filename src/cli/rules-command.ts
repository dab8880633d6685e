import type { CommandModule } from "yargs";
import { stringify } from "yaml";
import { createEngine, ruleInfo, type Engine, type Rule } from "../engine/index.js";
import { InputError } from "../model/errors.js";
import { SEVERITIES } from "../model/finding.js";
import { configFile } from "./common-options.js";
import { emit } from "./output.js";

interface RulesArgs {
  action: "list" | "show";
  id?: string;
  format: "text" | "json";
  config?: string;
}

function paramsOf(rule: Rule, engine: Engine): Record<string, unknown> {
  return Object.fromEntries(rule.params.map((p) => [p, engine.params[p]]));
}

function list(engine: Engine, format: "text" | "json"): string {
  const rules = [...engine.ruleSet.rules].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.id.localeCompare(b.id));
  if (format === "json") {
    return JSON.stringify(rules.map((r) => ({ ...ruleInfo(r), resourceTypes: r.resourceTypes, params: paramsOf(r, engine) })), null, 2);
  }
  const width = Math.max(...rules.map((r) => r.id.length));
  return rules.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.title}`).join("\n")
    + `\n\n${rules.length} rules. Details: cbguard rules show <id>`;
}

function show(engine: Engine, id: string, format: "text" | "json"): string {
  const rule = engine.ruleSet.rules.find((r) => r.id.toLowerCase() === id.toLowerCase());
  if (!rule) throw new InputError(`no rule ${id} (cbguard rules list shows them all)`);
  const params = paramsOf(rule, engine);
  if (format === "json") return JSON.stringify({ ...rule, params }, null, 2);
  const logic = Object.fromEntries(Object.entries({ resourceTypes: rule.resourceTypes, where: rule.where, assert: rule.assert, require: rule.require, requireFn: rule.requireFn })
    .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
  return [
    `${rule.id}: ${rule.title}`,
    `severity: ${rule.severity}    guide section: ${rule.guideSection}`,
    "",
    rule.description,
    "",
    `runbook: ${rule.runbook}`,
    `parameters: ${Object.keys(params).length ? Object.entries(params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ") : "none"}`,
    "",
    stringify(logic).trimEnd(),
  ].join("\n");
}

export const rulesCommand: CommandModule<object, RulesArgs> = {
  command: "rules <action> [id]",
  describe: "List the rules, or show one with its parameters and logic",
  builder: (y) => y
    .positional("action", { choices: ["list", "show"] as const, demandOption: true })
    .positional("id", { type: "string", description: "Rule id, for show" })
    .option("format", { alias: "f", choices: ["text", "json"] as const, default: "text" as const })
    .option("config", { alias: "c", type: "string", description: "Config file (default: nearest .cbguard.yaml upward)" })
    .example("$0 rules list", "All rules by severity")
    .example("$0 rules show CB-RDS-002", "One rule, its parameters and its logic") as never,
  handler: (args) => {
    const engine = createEngine({ configFile: configFile(args.config) });
    if (args.action === "show" && !args.id) throw new InputError("rules show needs a rule id, e.g. cbguard rules show CB-RDS-001");
    emit(args.action === "list" ? list(engine, args.format) : show(engine, args.id!, args.format), undefined);
  },
};
