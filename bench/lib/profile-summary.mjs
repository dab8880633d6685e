#!/usr/bin/env node
// Summarises a V8 .cpuprofile (node --cpu-prof): self time per function (file:line function),
// and total (inclusive) time per function, the top entries of each.
//
//   node bench/lib/profile-summary.mjs <file.cpuprofile> [top=25]

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { relative } from "node:path";

const root = fileURLToPath(new URL("../..", import.meta.url));

function label(frame) {
  const url = frame.url || "";
  let file = url;
  if (url.startsWith("file://")) file = relative(root, fileURLToPath(url));
  const name = frame.functionName || "(anonymous)";
  if (!file) return name;
  return `${file}:${frame.lineNumber + 1} ${name}`;
}

/**
 * Where a function lives, coarsely: dist/<dir>/ (engine/functions apart), a dependency
 * (node_modules/<package>/), WebAssembly, GC, Node internals.
 */
function area(key) {
  if (key === "(garbage collector)") return "garbage collector";
  const m = /^dist\/(engine\/functions|[^/]+\/[^/]+|[^/]+)\//.exec(key) ?? /^dist\/([^/]+)\//.exec(key);
  if (m) return `dist/${m[1]}/`;
  const dep = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(key);
  if (dep) return `node_modules/${dep[1]}/`;
  if (key.startsWith("wasm://")) return "WebAssembly code";
  if (key.startsWith("node:")) return "node: internals";
  if (key.startsWith("(")) return key;
  return "other (builtins, regexps, bench)";
}

/** { self: [{ label, ms, pct }], total: [...], areas: [...], totalMs } */
export function summarise(profile, top = 25) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Time per sample: the delta before the next sample.
  const selfUs = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = deltas[i + 1] ?? 0;
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  }
  let totalUs = 0;
  const self = new Map();
  const total = new Map();
  for (const [id, us] of selfUs) {
    totalUs += us;
    const n = nodes.get(id);
    const key = label(n.callFrame);
    self.set(key, (self.get(key) ?? 0) + us);
    // Inclusive: every distinct function on the stack once.
    const seen = new Set();
    for (let p = id; p !== undefined; p = parent.get(p)) {
      const k = label(nodes.get(p).callFrame);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + us);
    }
  }
  const rank = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => ({ label: k, ms: us / 1000, pct: (100 * us) / totalUs }));
  const areas = new Map();
  for (const [k, us] of self) areas.set(area(k), (areas.get(area(k)) ?? 0) + us);
  return { totalMs: totalUs / 1000, self: rank(self), total: rank(total), areas: rank(areas) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [file, top = "25"] = process.argv.slice(2);
  const s = summarise(JSON.parse(readFileSync(file, "utf8")), Number(top));
  console.log(`profile ${file}: ${s.totalMs.toFixed(0)} ms sampled`);
  console.log("\nself time by area:");
  for (const e of s.areas) console.log(`${e.pct.toFixed(1).padStart(5)}%  ${e.ms.toFixed(0).padStart(7)} ms  ${e.label}`);
  console.log("\nself time:");
  for (const e of s.self) console.log(`${e.pct.toFixed(1).padStart(5)}%  ${e.ms.toFixed(0).padStart(7)} ms  ${e.label}`);
  console.log("\ntotal (inclusive) time:");
  for (const e of s.total) console.log(`${e.pct.toFixed(1).padStart(5)}%  ${e.ms.toFixed(0).padStart(7)} ms  ${e.label}`);
}
