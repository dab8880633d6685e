#!/usr/bin/env node
// Where evaluation time goes: loads the plan once, evaluates all rules once to warm up, then each
// rule on its own (with its own relation indexes, as the first rule to need them would build them)
// and all of them together, timed. Prints one JSON line: { allMs, rules: [{ id, ms, findings }] }.
//
//   node bench/lib/rules-child.mjs <plan.json>

import { performance } from "node:perf_hooks";

const [file] = process.argv.slice(2);
if (!file) {
  console.error("usage: node bench/lib/rules-child.mjs <plan.json>");
  process.exit(2);
}
const dist = (p) => new URL(`../../dist/${p}`, import.meta.url).href;
const { createEngine, findConfig } = await import(dist("engine/index.js"));
const { evaluateRules } = await import(dist("engine/evaluate.js"));
const { FUNCTIONS, SCOPE_FUNCTIONS } = await import(dist("engine/functions/index.js"));
const { loadPlanFile } = await import(dist("sources/plan/index.js"));

const engine = createEngine({ configFile: findConfig(process.cwd()) });
const inventory = await loadPlanFile(file);
const options = { params: engine.params, defaults: engine.ruleSet.defaults, functions: FUNCTIONS, scopeFunctions: SCOPE_FUNCTIONS };

// Once unmeasured, so the first rules timed do not pay for compiling the shared code.
evaluateRules(inventory, engine.ruleSet.rules, options);
const rules = [];
for (const rule of engine.ruleSet.rules) {
  const t = performance.now();
  const findings = evaluateRules(inventory, [rule], options);
  rules.push({ id: rule.id, ms: performance.now() - t, findings: findings.length, types: rule.resourceTypes.join(",") });
}
const t = performance.now();
evaluateRules(inventory, engine.ruleSet.rules, options);
const allMs = performance.now() - t;
process.stdout.write(`${JSON.stringify({ resources: inventory.resources.length, allMs, rules })}\n`);
