// What the benchmark cases (bench/run.mjs: plan; bench/lib/hcl-case.mjs: HCL) share: running a
// child process and timing it, medians, number formats, the machine, and the generated sections of
// docs/benchmarks.md.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, release, totalmem } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const outDir = join(root, "bench", "out");
export const docFile = join(root, "docs", "benchmarks.md");
const TIME = "/usr/bin/time";
export const hasTime = existsSync(TIME);

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
export const mb = (bytes) => bytes / 1e6;
export const fmtMs = (ms) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`);
export const fmtMb = (kb) => `${((kb * 1024) / 1e6).toFixed(0)} MB`;
export const x = (r) => `${r.toFixed(2)}×`;
export const log = (s) => process.stderr.write(`${s}\n`);

/** Runs `node <argv>` in a fresh process; wall ms, peak RSS KiB, stdout, and the exit status. */
export function runNode(nodeArgs, label) {
  const useTime = hasTime;
  const cmd = useTime ? TIME : process.execPath;
  const argv = useTime ? ["-v", process.execPath, ...nodeArgs] : nodeArgs;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  if (r.status !== 0) {
    // Without /usr/bin/time's own report (tab-indented lines after "Command ...").
    const own = r.stderr.split("\n").filter((l) => !l.startsWith("\t") && !l.startsWith("Command ")).join("\n").trim();
    log(`bench: ${label} failed (exit ${r.status}): node ${nodeArgs.map((a) => (a.startsWith(root) ? relative(root, a) : a)).join(" ")}\n${own}`);
    process.exit(1);
  }
  let maxRssKb;
  const m = useTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr) : /BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr);
  if (m) maxRssKb = Number(m[1]);
  return { wallMs, maxRssKb, stdout: r.stdout };
}

/** `node bin/cbguard.js <args>`, timed, with peak RSS (through bench/lib/cli-child.mjs without /usr/bin/time). */
export function runCli(cliArgs, label) {
  const script = hasTime ? join(root, "bin/cbguard.js") : join(root, "bench/lib/cli-child.mjs");
  const r = runNode([script, ...cliArgs], label);
  return { wallMs: r.wallMs, maxRssKb: r.maxRssKb };
}

export function lastJson(stdout) {
  const line = stdout.trim().split("\n").pop();
  return JSON.parse(line);
}

/** Median of each numeric field (nested one level) over the runs. */
export function medians(runs) {
  const out = {};
  for (const key of Object.keys(runs[0])) {
    const v = runs[0][key];
    if (typeof v === "number") out[key] = median(runs.map((r) => r[key]));
    else if (v && typeof v === "object" && Object.values(v).every((y) => typeof y === "number")) {
      out[key] = {};
      for (const k of Object.keys(v)) out[key][k] = median(runs.map((r) => r[key][k]));
    } else out[key] = v;
  }
  out.runs = runs;
  return out;
}

export function machineInfo() {
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    nproc: availableParallelism(),
    memGiB: totalmem() / 2 ** 30,
    node: process.version,
    kernel: release(),
    rss: hasTime ? "/usr/bin/time -v (maximum resident set size)" : "process.resourceUsage().maxRSS in the child",
    commit: gitCommit(),
  };
}

/** The machine line of a report. */
export function machineLine(machine, repeat) {
  return `Machine: ${machine.cpu}, ${machine.nproc} CPUs (nproc), ${machine.memGiB.toFixed(1)} GiB memory, Node ${machine.node}, Linux ${machine.kernel}. ` +
    `Peak RSS from ${machine.rss}. Every figure is the median of ${repeat} runs, each in a fresh process.`;
}

function gitCommit() {
  const r = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) return "unknown";
  const dirty = spawnSync("git", ["status", "--porcelain", "--", "src"], { cwd: root, encoding: "utf8" });
  return `${r.stdout.trim()}${dirty.stdout.trim() ? " (src/ with uncommitted changes)" : ""}`;
}

/**
 * Replaces the text between `begin` and `end` in docs/benchmarks.md with `report` (text outside the
 * markers is kept). Without the markers, `fallback(block)` gives the new document from the old.
 */
export function writeDocSection(begin, end, report, fallback) {
  const before = existsSync(docFile) ? readFileSync(docFile, "utf8") : "";
  const block = `${begin}\n${report}\n${end}`;
  const a = before.indexOf(begin);
  const b = before.indexOf(end);
  const doc = a !== -1 && b > a ? before.slice(0, a) + block + before.slice(b + end.length) : fallback(before, block);
  writeFileSync(docFile, doc);
}
