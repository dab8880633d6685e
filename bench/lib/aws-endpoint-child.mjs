// The local AWS endpoint of the live-scan benchmark, in its own process so its CPU does not compete
// with the scan's event loop: serves the synthetic account (bench/lib/aws-account.mjs) with a fixed
// latency per call, from test/aws-endpoint compiled by tsconfig.bench.json into bench/out/build/.
//
//   node bench/lib/aws-endpoint-child.mjs <latencyMs> [<counts JSON>]
//
// Prints `{"url": …}` once listening. Then each `stats` line on stdin answers one JSON line with the
// requests served since the last one (by signing name and action, with HTTP status ≥ 400 apart) and
// the process's CPU time over them; stdin's end stops it.

import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { root } from "./common.mjs";
import { DEFAULT_COUNTS, syntheticAccount } from "./aws-account.mjs";

const latencyMs = Number(process.argv[2] ?? "50");
const counts = process.argv[3] ? JSON.parse(process.argv[3]) : DEFAULT_COUNTS;
const { startAwsEndpoint } = await import(pathToFileURL(join(root, "bench/out/build/test/aws-endpoint/server.js")).href);

const aws = await startAwsEndpoint({ account: syntheticAccount(counts), latencyMs });
let cpu = process.cpuUsage();
process.stdout.write(`${JSON.stringify({ url: aws.url })}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== "stats") continue;
  const served = {};
  let errors = 0;
  for (const c of aws.calls.splice(0)) {
    const key = `${c.service}:${c.action}`;
    served[key] = (served[key] ?? 0) + 1;
    if ((c.status ?? 500) >= 400) errors++;
  }
  const used = process.cpuUsage(cpu);
  cpu = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ served, errors, cpuMs: (used.user + used.system) / 1000 })}\n`);
}
await aws.stop();
