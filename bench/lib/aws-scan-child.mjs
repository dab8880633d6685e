// One live scan of the benchmark's endpoint, timed in-process (bench/lib/aws-case.mjs runs it in a
// fresh process per measurement):
//
//   node bench/lib/aws-scan-child.mjs <url> <direct|config> <concurrency> <regions,comma-separated>
//
// BENCH_DIST=<dir> runs a patched copy of dist/ instead (to measure a proposed change to the collector).
//
// The SDK client packages the table uses are imported first and timed apart (a real scan pays that
// once, overlapped with its first calls), so the scan's wall time is the calls and their scheduling.
// Runs the whole collector table (dist/sources/aws/rows.js) with the CLI's default retry mode, then
// judges the inventory with the real rules (not timed). Prints one JSON line.

import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { root } from "./common.mjs";

const [url, mode, concurrencyArg, regionsArg] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const regions = regionsArg.split(",");
const dist = (p) => import(pathToFileURL(join(process.env.BENCH_DIST ?? join(root, "dist"), p)).href);
const { COLLECTORS } = await dist("sources/aws/rows.js");
const { collectAccount } = await dist("sources/aws/collect.js");
const { makeClient } = await dist("sources/aws/clients.js");
const collect = mode === "config" ? (await dist("sources/aws/config-mode.js")).collectViaConfig : collectAccount;
const { createEngine } = await dist("engine/index.js");
const { ACCOUNT_ID } = await import("./aws-account.mjs");

let t = performance.now();
const packages = [...new Set([...COLLECTORS.map((r) => r.clientPackage), ...(mode === "config" ? ["@aws-sdk/client-config-service"] : [])])];
await Promise.all(packages.map((p) => import(p)));
const importMs = performance.now() - t;

/** The members that carry a paging token, left out when grouping the calls of one paged listing. */
const TOKENS = new Set(["NextToken", "nextToken", "Marker", "ContinuationToken"]);
const listings = new Map();
const operations = {};
/** Config mode: the items the Select calls returned, by resource type (the recorder's own left out). */
const configItems = {};
const RECORDER = "AWS::Config::ConfigurationRecorder";
const onCall = (c) => {
  const op = `${c.service}:${c.operation}`;
  operations[op] = (operations[op] ?? 0) + 1;
  for (const item of op.startsWith("config:Select") ? (c.output?.Results ?? []) : []) {
    const type = JSON.parse(item).resourceType;
    if (type !== RECORDER) configItems[type] = (configItems[type] ?? 0) + 1;
  }
  const input = Object.fromEntries(Object.entries(c.input ?? {}).filter(([k]) => !TOKENS.has(k)));
  const key = `${op} ${c.region} ${JSON.stringify(input)}`;
  listings.set(key, (listings.get(key) ?? 0) + 1);
};

// Every call timed from send to answer, through the collector's own client factory: the time a call
// holds its slot in the pool, and how many were in flight when (occupancy over the scan).
const spans = [];
const settings = { endpoint: url, credentials: { accessKeyId: "AKIDBENCHENDPOINT000", secretAccessKey: "bench-endpoint-secret-not-a-real-key" } };
const clientFor = async (pkg, cls, region) => {
  const client = await makeClient(pkg, cls, region, settings);
  return {
    send: async (command) => {
      const start = performance.now();
      try {
        return await client.send(command);
      } finally {
        spans.push([start, performance.now(), `${clientService(pkg)}:${command.constructor.name.replace(/Command$/, "")}`]);
      }
    },
  };
};

const clientService = (pkg) => COLLECTORS.find((r) => r.clientPackage === pkg)?.service ?? pkg.replace("@aws-sdk/client-", "");

const cpu0 = process.cpuUsage();
t = performance.now();
const inv = await collect({ account: ACCOUNT_ID, regions, ...settings, concurrency, onCall, clientFor });
const wallMs = performance.now() - t;
const cpu = process.cpuUsage(cpu0);

const busyMs = spans.reduce((n, [a, b]) => n + b - a, 0);
/** Calls in flight on average in each tenth of the scan. */
const tenths = Array.from({ length: 10 }, (_, i) => {
  const from = t + (i * wallMs) / 10;
  const to = t + ((i + 1) * wallMs) / 10;
  return spans.reduce((n, [a, b]) => n + Math.max(0, Math.min(b, to) - Math.max(a, from)), 0) / (to - from);
});

/** Mean call time by operation, and what was still being called in the last tenth of the scan. */
const byOp = {};
const tail = {};
for (const [a, b, op] of spans) {
  const o = (byOp[op] ??= { calls: 0, ms: 0 });
  o.calls++;
  o.ms += b - a;
  if (b > t + 0.9 * wallMs) tail[op] = (tail[op] ?? 0) + 1;
}
const meanCallByOp = Object.fromEntries(Object.entries(byOp).map(([op, o]) => [op, o.ms / o.calls]));

// The longest runs of calls that must follow one another: the pages of one listing, Config's Select
// pages apart (in Config mode the direct rows start after them).
const longest = (select) => {
  let best = { key: "", pages: 0 };
  for (const [key, pages] of listings) if (key.startsWith("config:Select") === select && pages > best.pages) best = { key: key.split(" ").slice(0, 2).join(" "), pages };
  return best.pages > 0 ? best : undefined;
};

const types = {};
for (const r of inv.resources) types[r.type] = (types[r.type] ?? 0) + 1;
// Judging is a check on the synthetic account, not part of the measurement: a rule set in flux
// (a rule whose function is not built yet) is reported, not fatal.
const verdicts = {};
const failing = {};
let judged = "yes";
try {
  for (const f of createEngine().scan(inv).findings) {
    verdicts[f.verdict] = (verdicts[f.verdict] ?? 0) + 1;
    if (f.verdict === "fail" || f.verdict === "unknown") failing[`${f.ruleId} ${f.verdict}`] = (failing[`${f.ruleId} ${f.verdict}`] ?? 0) + 1;
  }
} catch (e) {
  judged = `no: ${e.message}`;
}
// Config mode's calls for the types it reads from Config: the Selects, and any list, detail or
// region call the rows it stands in for still made.
let recorded;
if (mode === "config") {
  const { configTypeFor } = await dist("sources/aws/config/types.js");
  const ops = new Set(["config:SelectResourceConfig", "config:SelectAggregateResourceConfig"]);
  for (const row of COLLECTORS.filter((r) => configTypeFor(r))) {
    ops.add(`${row.service}:${row.operation}`);
    if (row.regionOf) ops.add(`${row.service}:${row.regionOf.operation}`);
    for (const d of Object.values(row.details ?? {})) ops.add(`${row.service}:${d.operation}`);
  }
  const byOperation = Object.fromEntries(Object.entries(operations).filter(([op]) => ops.has(op)));
  recorded = { calls: Object.values(byOperation).reduce((n, v) => n + v, 0), byOperation, resources: Object.values(configItems).reduce((n, v) => n + v, 0), perType: configItems, types: Object.entries(configItems).map(([t, n]) => `${t} ${n}`) };
}

process.stdout.write(`${JSON.stringify({
  wallMs, cpuMs: (cpu.user + cpu.system) / 1000, importMs, meanCallMs: busyMs / spans.length, inFlight: busyMs / wallMs, tenths, meanCallByOp, tail, stats: inv.stats, operations, longestDirect: longest(false), longestSelect: longest(true), recorded, types,
  unread: inv.unread.length, notes: inv.notes ?? [], judged, verdicts, failing, maxRssKb: process.resourceUsage().maxRSS,
})}\n`);
