#!/usr/bin/env node
// What the heap holds after a scan, by owner: run with --expose-gc. Loads and scans the plan, then
// drops one kind of data at a time (findings, relation indexes, each resource's expressions, values,
// unknown/sensitive sets, the resources themselves) and measures the live heap after a full GC each
// time. Prints one JSON line: [{ what, kb }] (heap used freed by dropping it) and the totals.
//
//   node --expose-gc bench/lib/memory-child.mjs <plan.json>

import { performance } from "node:perf_hooks";

const [file] = process.argv.slice(2);
if (!file || typeof globalThis.gc !== "function") {
  console.error("usage: node --expose-gc bench/lib/memory-child.mjs <plan.json>");
  process.exit(2);
}
const dist = (p) => new URL(`../../dist/${p}`, import.meta.url).href;
const { createEngine, findConfig } = await import(dist("engine/index.js"));
const { loadPlanFile } = await import(dist("sources/plan/index.js"));

const heap = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed / 1024;
};
const engine = createEngine({ configFile: findConfig(process.cwd()) });
const base = heap();
const t = performance.now();
const inventory = await loadPlanFile(file);
const loadMs = performance.now() - t;
const afterLoad = heap();
const held = { result: engine.scan(inventory) };
const afterScan = heap();

const steps = [];
const drop = (what, fn) => {
  const before = heap();
  fn();
  steps.push({ what, kb: Math.round(before - heap()) });
};
drop("findings (scan result)", () => {
  held.result = undefined;
});
const resources = inventory.resources;
const count = resources.length;
// Replacements are shared, so only what was dropped shows.
const NONE = Object.freeze({});
const EMPTY = new Set();
drop("expressions (configuration references, per resource)", () => {
  for (const r of resources) r.expressions = NONE;
});
drop("unknown + sensitive path sets", () => {
  for (const r of resources) {
    r.unknown = EMPTY;
    r.sensitive = EMPTY;
  }
});
drop("values (planned attribute values)", () => {
  for (const r of resources) r.values = NONE;
});
drop("address, baseAddress, modulePath, type strings", () => {
  for (const r of resources) {
    r.address = "";
    r.baseAddress = "";
    r.modulePath = "";
    r.type = "";
  }
});
drop("the Resource objects themselves", () => {
  inventory.resources = [];
  resources.length = 0;
});
process.stdout.write(`${JSON.stringify({
  resources: count,
  loadMs,
  baseKb: Math.round(base),
  inventoryKb: Math.round(afterLoad - base),
  scanKb: Math.round(afterScan - afterLoad),
  steps,
  restKb: Math.round(heap() - base),
})}\n`);
