#!/usr/bin/env node
// One full scan, as `cbguard plan <file> --format <fmt> -o <out>` (or `cbguard hcl <dir> --var-file
// <f> …` when the input is a directory) does it, timed phase by phase: import (modules), setup
// (rules + config), load (plan → resources; HCL: read, parse and syntax-check every file, expand
// modules, evaluate), evaluate (rules → findings), render (report text), write. Prints one JSON line
// on stdout. Run by bench/run.mjs in a fresh process per measurement.
//
//   node bench/lib/scan-child.mjs <plan.json | hcl-dir> [sarif|json|markdown|text] [out] [--var-file=<f>]...

import { statSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const argv = process.argv.slice(2);
const varFiles = argv.filter((a) => a.startsWith("--var-file=")).map((a) => a.slice("--var-file=".length));
const [file, format = "sarif", out = "/dev/null"] = argv.filter((a) => !a.startsWith("--"));
if (!file) {
  console.error("usage: node bench/lib/scan-child.mjs <plan.json | hcl-dir> [format] [out] [--var-file=<f>]...");
  process.exit(2);
}
const hcl = statSync(file).isDirectory();

const dist = (p) => new URL(`../../dist/${p}`, import.meta.url).href;
const phases = [];
let last = performance.now();
const mark = (name) => {
  const now = performance.now();
  const mem = process.memoryUsage();
  phases.push({ name, ms: now - last, maxRssKb: process.resourceUsage().maxRSS, rssKb: Math.round(mem.rss / 1024), heapUsedKb: Math.round(mem.heapUsed / 1024) });
  last = now;
};

const { createEngine, findConfig } = await import(dist("engine/index.js"));
// Only the source in use is imported, as in the CLI (which imports the HCL source after setup; here
// it counts in `import`).
const load = hcl
  ? (await import(dist("sources/hcl/index.js"))).loadHclDir
  : (await import(dist("sources/plan/index.js"))).loadPlanFile;
const { render } = await import(dist("report/index.js"));
const { VERSION } = await import(dist("cli/version.js"));
mark("import");
const engine = createEngine({ configFile: findConfig(process.cwd()) });
mark("setup");
const inventory = hcl ? await load(file, { variables: varFiles.map((f) => ({ file: f })) }) : await load(file);
mark("load");
const result = engine.scan(inventory);
mark("evaluate");
const text = render(format, result, { toolVersion: VERSION, baseDir: process.cwd(), cwd: process.cwd(), color: false });
mark("render");
writeFileSync(out, text.endsWith("\n") ? text : `${text}\n`);
mark("write");

const verdicts = {};
for (const f of result.findings) verdicts[f.verdict] = (verdicts[f.verdict] ?? 0) + 1;
// Synthetic plans (bench/generate-plan.mjs) are copies `module.tenant_<i>`, the last one trimmed:
// a fail or unknown in a full copy means the copies do not behave as the template does. Synthetic
// HCL repositories (bench/generate-hcl.mjs) hold only whole copies of the compliant stack: any fail
// or unknown counts.
const copy = (address) => /^module\.tenant_(\d+)\./.exec(address)?.[1];
const lastCopy = result.findings.reduce((m, f) => Math.max(m, Number(copy(f.resource.address) ?? 0)), 0);
const notPassing = result.findings.filter((f) => f.verdict === "fail" || f.verdict === "unknown");
const notPassingInFullCopies = hcl
  ? notPassing.length
  : notPassing.filter((f) => copy(f.resource.address) !== undefined && Number(copy(f.resource.address)) !== lastCopy).length;
process.stdout.write(`${JSON.stringify({
  source: hcl ? "hcl" : "plan", resources: inventory.resources.length, findings: result.findings.length, verdicts, notPassingInFullCopies,
  notes: inventory.notes?.length ?? 0, reportBytes: Buffer.byteLength(text), phases,
})}\n`);
