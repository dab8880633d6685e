import type { Finding, RuleInfo, ScanResult } from "../model/finding.js";
import type { Inventory } from "../model/resource.js";
import { InputError } from "../model/errors.js";
import { readConfig, resolveParams, type Config } from "./config.js";
import { evaluateRules } from "./evaluate.js";
import { FUNCTIONS, SCOPE_FUNCTIONS } from "./functions/index.js";
import { functionsUsed, loadRuleSet, type RuleSet } from "./load.js";
import type { Rule } from "./rule.js";

export { findConfig, readConfig, type Config } from "./config.js";
export { loadRuleSet, BUNDLED_RULES_DIR, type RuleSet, type ParamSpec } from "./load.js";
export type { Rule } from "./rule.js";

export interface Engine {
  ruleSet: RuleSet;
  params: Record<string, unknown>;
  config: Config;
  scan(inventory: Inventory, startedAt?: Date): ScanResult;
}

export function ruleInfo(r: Rule): RuleInfo {
  return { id: r.id, title: r.title, description: r.description, severity: r.severity, guideSection: r.guideSection, runbook: r.runbook };
}

/** Loads the rules and the config once; `scan` judges an inventory with them. */
export function createEngine(options: { configFile?: string; rulesDir?: string } = {}): Engine {
  const ruleSet = loadRuleSet(options.rulesDir);
  for (const rule of ruleSet.rules) {
    for (const fn of functionsUsed(rule)) if (!FUNCTIONS[fn]) throw new InputError(`${rule.file}: no check function named ${fn}`, rule.file);
    if (rule.requireFn && !SCOPE_FUNCTIONS[rule.requireFn]) throw new InputError(`${rule.file}: no scope check named ${rule.requireFn}`, rule.file);
  }
  const config = readConfig(options.configFile);
  const params = resolveParams(ruleSet.params, config);
  return {
    ruleSet,
    params,
    config,
    scan(inventory, startedAt = new Date()) {
      const findings: Finding[] = evaluateRules(inventory, ruleSet.rules, {
        now: inventory.readAt ? new Date(inventory.readAt) : startedAt, params, defaults: ruleSet.defaults, functions: FUNCTIONS, scopeFunctions: SCOPE_FUNCTIONS,
      });
      return {
        kind: inventory.kind,
        startedAt: startedAt.toISOString(),
        inputs: inventory.inputs,
        resourceCount: inventory.resources.length,
        ...(inventory.account ? { account: inventory.account } : {}),
        ...(inventory.regions ? { regions: inventory.regions } : {}),
        ...(inventory.notes?.length ? { notRead: inventory.notes } : {}),
        ...(inventory.apiCalls ? { apiCalls: inventory.apiCalls } : {}),
        rules: ruleSet.rules.map(ruleInfo),
        findings,
      };
    },
  };
}
