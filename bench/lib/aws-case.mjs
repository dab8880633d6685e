// The live-scan case of bench/run.mjs (`--cases=aws`): the whole collector table against a synthetic
// account (bench/lib/aws-account.mjs: 1,000 buckets, 200 DB instances, 2,000 log groups, 300
// security groups over 3 regions) behind the local endpoint (test/aws-endpoint, compiled first by
// tsconfig.bench.json into bench/out/build/) answering each call after `--aws-latency` ms (50). The
// endpoint runs in its own process (bench/lib/aws-endpoint-child.mjs); each scan is a fresh process
// (bench/lib/aws-scan-child.mjs), `repeat` times per mode and concurrency (median reported; modes
// and concurrencies interleaved so drift hits them alike):
//   direct  collectAccount: every service's list and detail calls
//   config  collectViaConfig: SelectResourceConfig per region for what AWS Config records, the rest direct
// at each `--aws-concurrency` (8,32). The lower bound of a scan is the calls it made ÷ concurrency ×
// latency; the pages of one listing must follow one another, so the sequential floor (the longest
// listing's pages, in Config mode the longer of it and the Select pages, × latency) is reported beside it.
// Targets: wall time within 1.2× the lower bound; Config mode at most one call per 100 resources of
// the types it reads from Config. Returns the report (markdown) for docs/benchmarks.md.

import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { accountSummary, DEFAULT_COUNTS, REGION_SHARES, syntheticAccount } from "./aws-account.mjs";
import { fmtMs, lastJson, log, machineLine, median, root, runNode, x } from "./common.mjs";

const TARGET_RATIO = 1.2;
const PER_CALL = 100;
const REGIONS = REGION_SHARES.map(([r]) => r);
const fmtN = (n) => n.toLocaleString("en-US");
const sum = (xs) => xs.reduce((n, v) => n + v, 0);

/** Compiles test/aws-endpoint (and only what it imports) with tsconfig.bench.json. */
function buildEndpoint() {
  const t = Date.now();
  const r = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.bench.json")], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) {
    log(`bench: compiling the test endpoint (tsc -p tsconfig.bench.json) failed:\n${r.stdout}${r.stderr}`);
    process.exit(1);
  }
  return Date.now() - t;
}

/** The endpoint in its own process: its URL, and `stats()` for the requests served since the last call. */
async function startEndpoint(latencyMs) {
  const child = spawn(process.execPath, [join(root, "bench/lib/aws-endpoint-child.mjs"), String(latencyMs), JSON.stringify(DEFAULT_COUNTS)], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error("bench: the test endpoint exited");
    return JSON.parse(value);
  };
  const { url } = await next();
  return {
    url,
    stats: () => {
      child.stdin.write("stats\n");
      return next();
    },
    stop: () => new Promise((resolve) => {
      child.once("exit", resolve);
      child.stdin.end();
    }),
  };
}

/** Whether Config mode is built (src/sources/aws/config-mode.ts, compiled into dist/). */
async function configModeReady() {
  const file = join(root, "dist/sources/aws/config-mode.js");
  if (!existsSync(file)) return "dist/sources/aws/config-mode.js does not exist";
  try {
    const m = await import(file);
    return typeof m.collectViaConfig === "function" ? true : "dist/sources/aws/config-mode.js has no collectViaConfig";
  } catch (e) {
    return `dist/sources/aws/config-mode.js does not load: ${e.message}`;
  }
}

/** One scan: the child's measurements with the endpoint's view of the same calls. */
async function scan(endpoint, mode, concurrency) {
  const r = runNode([join(root, "bench/lib/aws-scan-child.mjs"), endpoint.url, mode, String(concurrency), REGIONS.join(",")], `${mode} scan`);
  const j = lastJson(r.stdout);
  const ep = await endpoint.stats();
  const calls = sum(Object.values(j.stats).map((s) => s.calls));
  return { ...j, calls, served: sum(Object.values(ep.served)), endpointCpuMs: ep.cpuMs, endpointErrors: ep.errors, processWallMs: r.wallMs };
}

export async function awsCase({ concurrencies, repeat, latencyMs, args, machine }) {
  const started = Date.now();
  const buildMs = buildEndpoint();
  log(`bench: compiled test/aws-endpoint into bench/out/build/ in ${fmtMs(buildMs)}`);
  const ready = await configModeReady();
  const modes = ready === true ? ["direct", "config"] : ["direct"];
  if (ready !== true) log(`bench: Config mode not measured: ${ready}`);
  const summary = accountSummary(syntheticAccount(DEFAULT_COUNTS));

  const endpoint = await startEndpoint(latencyMs);
  const runs = {};
  const load = {};
  try {
    for (let i = 0; i < repeat; i++) {
      for (const mode of modes) {
        for (const c of concurrencies) {
          const key = `${mode} ${c}`;
          const before = loadavg()[0];
          const r = await scan(endpoint, mode, c);
          (runs[key] ??= []).push(r);
          (load[key] ??= []).push([before, loadavg()[0]]);
          log(`  run ${i + 1} ${mode.padEnd(6)} c=${String(c).padEnd(3)} ${fmtMs(r.wallMs).padStart(8)}  ${fmtN(r.calls)} calls, lower bound ${fmtMs((r.calls / c) * latencyMs)}, ` +
            `mean call ${r.meanCallMs.toFixed(1)} ms, ${r.inFlight.toFixed(1)} in flight`);
        }
      }
    }
  } finally {
    await endpoint.stop();
  }

  // ---------------------------------------------------------------------------------------- results
  const results = Object.entries(runs).map(([key, rs]) => {
    const [mode, c] = key.split(" ");
    const concurrency = Number(c);
    // The median run by wall time, so its figures belong together.
    const sorted = [...rs].sort((a, b) => a.wallMs - b.wallMs);
    const m = sorted[(sorted.length - 1) >> 1];
    const bound = (m.calls / concurrency) * latencyMs;
    const floor = sequentialFloor(m, mode, latencyMs);
    return { key, mode, concurrency, runs: rs, m, wallMs: median(rs.map((r) => r.wallMs)), bound, floor, load: load[key] };
  });
  const targets = [];
  for (const r of results) {
    const ratio = r.wallMs / r.bound;
    const limit = Math.max(r.bound, r.floor.ms);
    targets.push({
      name: `${r.mode} mode, concurrency ${r.concurrency}: within ${TARGET_RATIO}× the lower bound`,
      met: ratio <= TARGET_RATIO,
      detail: `${fmtMs(r.wallMs)} / (${fmtN(r.m.calls)} calls ÷ ${r.concurrency} × ${latencyMs} ms = ${fmtMs(r.bound)}) = **${x(ratio)}**` +
        (r.floor.ms > r.bound ? `; the sequential floor ${fmtMs(r.floor.ms)} is higher: ${x(r.wallMs / limit)} of it` : ""),
    });
  }
  const configResults = results.filter((r) => r.mode === "config");
  for (const r of configResults) {
    const recorded = r.m.recorded;
    // Per recorded type, rounded up: 250 security groups may take 3 calls. One query asks for every
    // type at once, so the calls are held to the sum of those allowances.
    const allowed = Object.values(recorded.perType).reduce((n, count) => n + Math.ceil(count / PER_CALL), 0);
    targets.push({
      name: `Config mode, concurrency ${r.concurrency}: at most 1 call per ${PER_CALL} resources of a recorded type (Σ ⌈n ÷ ${PER_CALL}⌉ over the types)`,
      met: recorded.calls <= allowed,
      detail: `${fmtN(recorded.calls)} calls for ${fmtN(recorded.resources)} resources Config returned (${recorded.types.join(", ")}); allowed ${fmtN(allowed)}; **${(recorded.calls / (recorded.resources / PER_CALL)).toFixed(2)} per ${PER_CALL}** over all` +
        ` (${Object.entries(recorded.byOperation).map(([op, n]) => `${op} ${n}`).join(", ")})`,
    });
  }
  for (const t of targets) log(`bench: target ${t.name}: ${t.met ? "met" : "not met"}`);

  const totalS = ((Date.now() - started) / 1000).toFixed(0);
  const report = render();
  process.stdout.write(`${report}\n`);
  return report;

  function render() {
    const L = [];
    const cmd = `npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}`;
    L.push(`Produced by \`${cmd}\`, commit ${machine.commit}, live-scan case in ${totalS} s (test endpoint compiled in ${fmtMs(buildMs)}).`);
    L.push("");
    L.push(machineLine(machine, repeat).replace("Every figure is the median", "Every time is the median"));
    L.push("");
    L.push(`Account (\`bench/lib/aws-account.mjs\`), ${latencyMs} ms per call at the endpoint, regions ${REGIONS.join(", ")}:`);
    L.push("");
    L.push(`| kind | ${REGIONS.join(" | ")} | total |`);
    L.push(`|---|${REGIONS.map(() => "---:|").join("")}---:|`);
    for (const [kind, byRegion] of Object.entries(summary)) L.push(`| ${kind} | ${REGIONS.map((rg) => fmtN(byRegion[rg] ?? 0)).join(" | ")} | ${fmtN(sum(Object.values(byRegion)))} |`);
    if (ready !== true) {
      L.push("");
      L.push(`**Config mode not measured** (${ready}): TODO, rerun \`npm run bench -- --cases=aws\` once it builds.`);
    }
    L.push("");
    L.push("### Wall time against the lower bound");
    L.push("");
    L.push("| mode | concurrency | calls | wall (runs) | lower bound (calls ÷ concurrency × latency) | ratio | sequential floor | mean call, send → answer | calls in flight (avg) | scan CPU | endpoint CPU | 1-min load before/after |");
    L.push("|---|---:|---:|---|---:|---:|---|---:|---:|---:|---:|---|");
    for (const r of results) {
      L.push(`| ${r.mode} | ${r.concurrency} | ${fmtN(r.m.calls)}${r.m.served !== r.m.calls ? ` (${fmtN(r.m.served)} served)` : ""} | **${fmtMs(r.wallMs)}** (${r.runs.map((q) => fmtMs(q.wallMs)).join(", ")}) | ${fmtMs(r.bound)} | **${x(r.wallMs / r.bound)}** | ` +
        `${fmtMs(r.floor.ms)}: ${r.floor.what} | ${r.m.meanCallMs.toFixed(1)} ms | ${r.m.inFlight.toFixed(1)} of ${r.concurrency} | ${fmtMs(r.m.cpuMs)} | ${fmtMs(r.m.endpointCpuMs)} | ${r.load.map(([a, b]) => `${a.toFixed(1)}/${b.toFixed(1)}`).join(", ")} |`);
    }
    L.push("");
    L.push("Wall time is `collectAccount`/`collectViaConfig` alone, in the scan's process (the SDK client packages are imported before it: " +
      `${fmtMs(median(results.flatMap((r) => r.runs.map((q) => q.importMs))))}, which a real scan pays once, overlapped with its first calls). ` +
      "Calls are the collector's own count (retries not counted); the endpoint counted the same unless shown. " +
      "Mean call is the time from `send` to its answer, client side: the endpoint's latency plus both processes' work on it. " +
      "Calls in flight is the sum of those times ÷ wall time: the pool's occupancy. " +
      "Per tenth of the scan: " + results.map((r) => `${r.mode} c=${r.concurrency} ${r.m.tenths.map((v) => v.toFixed(0)).join("/")}`).join("; ") + ".");
    L.push("");
    L.push("What the scans were still calling in their last tenth (calls that ended there), and the operations whose mean call took over 1.5× the latency:");
    L.push("");
    for (const r of results) {
      const tail = Object.entries(r.m.tail).sort((a, b) => b[1] - a[1]).map(([op, n]) => `${op} ${fmtN(n)}`).join(", ");
      const slow = Object.entries(r.m.meanCallByOp).filter(([, ms]) => ms > 1.5 * latencyMs).sort((a, b) => b[1] - a[1]).map(([op, ms]) => `${op} ${fmtMs(ms)}`).join(", ");
      L.push(`- ${r.mode}, concurrency ${r.concurrency}: last tenth ${tail || "–"}; slow: ${slow || "none"}.`);
    }
    L.push("");
    L.push("### Calls per service");
    L.push("");
    const cols = results.filter((r) => r.concurrency === concurrencies[0]);
    const services = [...new Set(cols.flatMap((r) => Object.keys(r.m.stats)))].sort((a, b) => sum(cols.map((r) => r.m.stats[b]?.calls ?? 0)) - sum(cols.map((r) => r.m.stats[a]?.calls ?? 0)));
    L.push(`| service | ${cols.map((r) => `${r.mode} (failed: "not configured" answers)`).join(" | ")} | operations (${cols[0].mode}${cols[1] ? `; ${cols[1].mode}` : ""}) |`);
    L.push(`|---|${cols.map(() => "---:|").join("")}---|`);
    for (const svc of services) {
      const ops = cols.map((r) => Object.entries(r.m.operations).filter(([op]) => op.startsWith(`${svc}:`)).map(([op, n]) => `${op.slice(svc.length + 1)} ${fmtN(n)}`).join(", ") || "–");
      L.push(`| ${svc} | ${cols.map((r) => (r.m.stats[svc] ? `${fmtN(r.m.stats[svc].calls)}${r.m.stats[svc].failed ? ` (${fmtN(r.m.stats[svc].failed)})` : ""}` : "0")).join(" | ")} | ${ops.join("; ")} |`);
    }
    L.push(`| **total** | ${cols.map((r) => `**${fmtN(r.m.calls)}**`).join(" | ")} | |`);
    L.push("");
    L.push(resourcesLine(cols));
    L.push("");
    L.push("### Targets");
    L.push("");
    L.push("| target | measured | verdict |");
    L.push("|---|---|---|");
    for (const t of targets) L.push(`| ${t.name} | ${t.detail} | ${t.met ? "**met**" : "**not met**"} |`);
    return L.join("\n");
  }
}

/**
 * The longest run of calls that must follow one another: a listing's pages (and in Config mode the
 * direct rows start only after the Select pages of every region).
 */
function sequentialFloor(m, mode, latencyMs) {
  const direct = m.longestDirect;
  if (mode !== "config" || !m.longestSelect) return { ms: direct.pages * latencyMs, what: `${direct.pages} pages of ${direct.key}` };
  // The rows Config does not serve start beside the Selects: the longer chain is the floor.
  const longer = m.longestSelect.pages > direct.pages ? { pages: m.longestSelect.pages, key: `Select (${m.longestSelect.key})` } : direct;
  return { ms: longer.pages * latencyMs, what: `${longer.pages} pages of ${longer.key}, beside ${m.longestSelect.pages} Select pages (${m.longestSelect.key})` };
}

/** The resources each mode made, by type, and where the modes differ. */
function resourcesLine(cols) {
  const [a, b] = cols;
  const total = (r) => sum(Object.values(r.m.types));
  let line = `Resources made: ${cols.map((r) => `${r.mode} ${fmtN(total(r))}`).join(", ")}`;
  if (b) {
    const types = [...new Set([...Object.keys(a.m.types), ...Object.keys(b.m.types)])].sort();
    const diff = types.filter((t) => (a.m.types[t] ?? 0) !== (b.m.types[t] ?? 0)).map((t) => `${t} ${fmtN(a.m.types[t] ?? 0)} vs ${fmtN(b.m.types[t] ?? 0)}`);
    line += diff.length ? `; **the modes differ**: ${diff.join(", ")}` : "; the same count of every type in both modes";
  }
  const judged = cols.map((r) => (r.m.judged === "yes" ? `${r.mode}: ${Object.entries(r.m.verdicts).map(([k, v]) => `${fmtN(v)} ${k}`).join(", ")}` : `${r.mode}: not judged (${r.m.judged.replace(/^no: /, "")})`));
  return `${line}. Verdicts (the real rules, after the timed part): ${judged.join("; ")}. Unread (list calls that failed): ${cols.map((r) => `${r.mode} ${r.m.unread}`).join(", ")}.`;
}
