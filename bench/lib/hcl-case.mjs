// The HCL case of bench/run.mjs (`--cases=hcl`, `--hcl-sizes=5k,50k`): `cbguard hcl` on synthetic
// repositories of N lines of .tf (bench/generate-hcl.mjs, into bench/out/hcl-<size>/, reused while
// the generator and terraform/ are unchanged). For each size, each in a fresh child process and
// `repeat` times (median reported; kinds interleaved; one unmeasured CLI run first):
//   cli    node bin/cbguard.js hcl <root> --var-file <root>/production.tfvars --format sarif -o /dev/null --fail-on none
//   phases the same scan in-process, timed per phase: import, setup (rules), load, evaluate,
//          render, write                                                (bench/lib/scan-child.mjs)
// Target: the whole `cbguard hcl` scan of 50k lines under 5 s (judged at the 50k size, else the
// largest). If missed (or with --profile): a CPU profile of the scan at that size, main thread and
// the syntax-check worker apart. Returns the report (markdown) for docs/benchmarks.md.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, relative } from "node:path";
import { DEFAULT_TERRAFORM, TENANTS_PER_LIBRARY, generateHcl } from "../generate-hcl.mjs";
import { fmtMb, fmtMs, lastJson, log, machineLine, medians, outDir, root, runCli, runNode, x } from "./common.mjs";
import { summarise } from "./profile-summary.mjs";

const TARGET_MS = 5000;
const TARGET_LINES = 50000;
const fmtN = (n) => n.toLocaleString("en-US");

const measure = {
  cli(input) {
    return runCli(["hcl", input.root, "--var-file", input.varFile, "--format", "sarif", "-o", "/dev/null", "--fail-on", "none"], "cbguard hcl");
  },
  phases(input) {
    const r = runNode([join(root, "bench/lib/scan-child.mjs"), input.root, "sarif", "/dev/null", `--var-file=${input.varFile}`], "hcl scan phases");
    const j = lastJson(r.stdout);
    const ms = Object.fromEntries(j.phases.map((p) => [p.name, p.ms]));
    const rssAfter = Object.fromEntries(j.phases.map((p) => [p.name, p.rssKb]));
    const peakAfter = Object.fromEntries(j.phases.map((p) => [p.name, p.maxRssKb]));
    return {
      wallMs: r.wallMs, maxRssKb: r.maxRssKb ?? j.phases.at(-1).maxRssKb, ms, rssAfter, peakAfter,
      verdicts: j.verdicts, findings: j.findings, resources: j.resources, notPassing: j.notPassingInFullCopies, notes: j.notes,
    };
  },
};

/** The repository for `size`: generated unless a stamp says this generator made it from this terraform/. */
function input(size) {
  const dir = join(outDir, `hcl-${size.label}`);
  const stampFile = `${dir}.stamp.json`;
  const key = `${size.n} ${sourceHash()}`;
  let info;
  let generatedMs;
  try {
    const stamp = JSON.parse(readFileSync(stampFile, "utf8"));
    if (stamp.key === key && existsSync(stamp.info.root)) info = stamp.info;
  } catch {
    // No stamp, or not ours: generate.
  }
  if (!info) {
    const t = Date.now();
    info = generateHcl(size.n, dir);
    generatedMs = Date.now() - t;
    writeFileSync(stampFile, `${JSON.stringify({ key, info })}\n`);
    log(`bench: generated ${relative(root, dir)} (${fmtN(info.lines)} lines) in ${generatedMs} ms`);
  }
  return { ...info, dir: relative(root, dir), root: relative(root, info.root), varFile: relative(root, info.varFile), generatedMs };
}

function sourceHash() {
  const hash = createHash("sha256");
  hash.update(readFileSync(join(root, "bench/generate-hcl.mjs")));
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(tf|tfvars)$/.test(name)) hash.update(`${relative(DEFAULT_TERRAFORM, p)}\0`).update(readFileSync(p));
    }
  };
  walk(DEFAULT_TERRAFORM);
  return hash.digest("hex");
}

export async function hclCase({ sizes, repeat, profile: profileWhen, args, machine }) {
  const started = Date.now();
  const results = [];
  for (const size of sizes) {
    const inp = input(size);
    log(`bench: hcl ${size.label}: ${inp.root}, ${fmtN(inp.lines)} lines in ${inp.files} .tf files`);
    // One unmeasured run first: warms the page cache.
    measure.cli(inp);
    const loadBefore = loadavg()[0];
    const runs = { cli: [], phases: [] };
    for (let i = 0; i < repeat; i++) {
      for (const kind of ["cli", "phases"]) {
        const r = measure[kind](inp);
        runs[kind].push(r);
        log(`  run ${i + 1} ${kind.padEnd(6)} ${fmtMs(r.wallMs).padStart(8)}  peak ${fmtMb(r.maxRssKb)}`);
      }
    }
    results.push({ ...size, input: inp, load: [loadBefore, loadavg()[0]], cli: medians(runs.cli), phases: medians(runs.phases) });
  }

  // ---------------------------------------------------------------------------------------- target
  const at = results.find((r) => r.n === TARGET_LINES) ?? results.at(-1);
  const small = results.length > 1 ? results[0] : undefined;
  const met = at.cli.wallMs <= TARGET_MS;
  const marginal = small ? (at.cli.wallMs - small.cli.wallMs) / (at.input.lines - small.input.lines) : undefined;
  const target = {
    name: `whole \`cbguard hcl\` scan of ${fmtN(TARGET_LINES)} lines under ${fmtMs(TARGET_MS)}`,
    met,
    detail: `${at.label} (${fmtN(at.input.lines)} lines): **${fmtMs(at.cli.wallMs)}** wall (runs: ${at.cli.runs.map((r) => fmtMs(r.wallMs)).join(", ")}), peak RSS ${fmtMb(at.cli.maxRssKb)}` +
      (at.n === TARGET_LINES ? "" : `; the target is stated for ${fmtN(TARGET_LINES)} lines, not measured here`) +
      (marginal !== undefined && marginal > 0
        ? `; ${small.label} → ${at.label}: ${fmtMs(1000 * marginal)} per 1,000 more lines, so ${fmtMs(TARGET_MS)} would be reached at about ${fmtN(Math.round((at.input.lines + (TARGET_MS - at.cli.wallMs) / marginal) / 1000) * 1000)} lines`
        : ""),
    verdict: met
      ? `met, ${((1 - at.cli.wallMs / TARGET_MS) * 100).toFixed(0)}% under the limit`
      : `not met: ${((at.cli.wallMs / TARGET_MS - 1) * 100).toFixed(0)}% over the limit (${fmtMs(at.cli.wallMs - TARGET_MS)} too slow)`,
  };
  log(`bench: target ${target.name}: ${target.verdict}`);

  // ---------------------------------------------------------------------------------------- profile
  let profile;
  if (profileWhen === "always" || (profileWhen === "if-missed" && !met)) {
    const profDir = join(outDir, "prof-hcl");
    rmSync(profDir, { recursive: true, force: true });
    mkdirSync(profDir, { recursive: true });
    log(`bench: CPU profile of the ${at.label} HCL scan`);
    const r = runNode(["--cpu-prof", `--cpu-prof-dir=${profDir}`, join(root, "bench/lib/scan-child.mjs"), at.input.root, "sarif", "/dev/null", `--var-file=${at.input.varFile}`], "hcl cpu profile");
    const j = lastJson(r.stdout);
    // CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile: thread 0 is the main thread.
    const files = readdirSync(profDir).filter((f) => f.endsWith(".cpuprofile")).sort();
    const thread = (f) => Number(f.split(".").at(-3));
    const mainFile = files.find((f) => thread(f) === 0);
    const read = (f) => summarise(JSON.parse(readFileSync(join(profDir, f), "utf8")), 40);
    profile = {
      size: at.label,
      wallMs: r.wallMs,
      phases: Object.fromEntries(j.phases.map((p) => [p.name, p.ms])),
      main: read(mainFile),
      mainFile: relative(root, join(profDir, mainFile)),
      workers: files.filter((f) => f !== mainFile).map((f) => ({ file: relative(root, join(profDir, f)), ...read(f) })),
    };
  }

  const totalS = ((Date.now() - started) / 1000).toFixed(0);
  const report = renderReport({ results, target, profile, args, machine, repeat, totalS });
  process.stdout.write(`${report}\n`);
  return report;
}

function renderReport({ results, target, profile, args, machine, repeat, totalS }) {
  const L = [];
  const cmd = `npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}`;
  L.push(`Produced by \`${cmd}\` (= \`npm run build && node bench/run.mjs${args.length ? ` ${args.join(" ")}` : ""}\`), ` +
    `commit ${machine.commit}, HCL case in ${totalS} s.`);
  L.push("");
  L.push(machineLine(machine, repeat));
  L.push("");
  const first = results[0].input;
  const perStack = first.moduleInstances / first.tenants;
  const resourcesPerStack = results[0].phases.resources / first.tenants;
  L.push(`Inputs: \`bench/generate-hcl.mjs\` builds each repository from ClassBoard's own Terraform (\`terraform/\`): ` +
    `${Object.keys(first.copies).length} module directories of ${fmtN(first.library)} lines, and tenant stacks of the production root's module calls ` +
    `(${fmtN(first.perTenant)} lines each, ${perStack} module instances with the nested secure-bucket calls, ${resourcesPerStack} resources); ` +
    `every module directory is a renamed copy (resources and data sources renamed), called by about ${TENANTS_PER_LIBRARY} tenants, so both many distinct files are parsed and each parsed module is instantiated several times; the root's own files (variables, providers, outputs) are ${fmtN(first.fixed)} lines` +
    (results.some((r) => r.input.generatedMs !== undefined)
      ? ` (generated in this run: ${results.filter((r) => r.input.generatedMs !== undefined).map((r) => `${r.label} in ${fmtMs(r.input.generatedMs)}`).join(", ")}).`
      : "."));
  L.push("");
  L.push("| size | lines of .tf (`wc -l`) | .tf files | module directories (lines) | tenant stacks | module instances | resources | findings |");
  L.push("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of results) {
    const i = r.input;
    L.push(`| ${r.label} | ${fmtN(i.lines)} | ${fmtN(i.files)} | ${fmtN(i.moduleDirs)} (${fmtN(i.moduleLines)}) | ${fmtN(i.tenants)} | ${fmtN(i.moduleInstances)} | ` +
      `${fmtN(r.phases.resources)} | ${fmtN(r.phases.findings)} |`);
  }
  L.push("");
  L.push("### Time and memory");
  L.push("");
  L.push("| lines of .tf | `cbguard hcl` wall | peak RSS | wall per 1,000 lines |");
  L.push("|---:|---:|---:|---:|");
  for (const r of results) {
    L.push(`| ${fmtN(r.input.lines)} | ${fmtMs(r.cli.wallMs)} | ${fmtMb(r.cli.maxRssKb)} | ${fmtMs((1000 * r.cli.wallMs) / r.input.lines)} |`);
  }
  L.push("");
  L.push(`\`cbguard hcl\` is \`node bin/cbguard.js hcl ${results[0].input.root.replace(/hcl-[^/]+/, "hcl-<size>")} --var-file …/production.tfvars --format sarif -o /dev/null --fail-on none\`. ` +
    `1-minute load average before/after each size: ${results.map((r) => `${r.label} ${r.load[0].toFixed(2)}/${r.load[1].toFixed(2)}`).join(", ")} ` +
    "(the scan itself uses up to two CPUs: HCL's own syntax check runs in a worker thread).");
  L.push("");
  L.push("### Where the scan's time goes (in-process, `bench/lib/scan-child.mjs`)");
  L.push("");
  L.push("| lines of .tf | import | setup (rules) | load (read, parse, syntax check, expand modules) | evaluate (rules) | render (SARIF) | write | RSS after load | peak RSS during load |");
  L.push("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of results) {
    const p = r.phases;
    L.push(`| ${fmtN(r.input.lines)} | ${fmtMs(p.ms.import)} | ${fmtMs(p.ms.setup)} | ${fmtMs(p.ms.load)} | ${fmtMs(p.ms.evaluate)} | ${fmtMs(p.ms.render)} | ${fmtMs(p.ms.write)} | ` +
      `${fmtMb(p.rssAfter.load)} | ${fmtMb(p.peakAfter.load)} |`);
  }
  L.push("");
  const bad = results.reduce((n, r) => n + r.phases.notPassing, 0);
  L.push("Verdicts at each size: " + results.map((r) => `${r.label} ${Object.entries(r.phases.verdicts).map(([k, v]) => `${v} ${k}`).join(", ")}`).join("; ") + ". " +
    (bad === 0
      ? "No fail or unknown anywhere: every tenant stack judges like ClassBoard's compliant production root."
      : `${bad} fail or unknown verdicts: the copies do not judge like the production root, check bench/generate-hcl.mjs.`) +
    (results.some((r) => r.phases.notes > 0) ? ` Scan notes (parts not covered): ${results.map((r) => `${r.label} ${r.phases.notes}`).join(", ")}.` : ""));
  if (results.length > 1) {
    const [a, b] = [results.at(-2), results.at(-1)];
    L.push("");
    L.push(`Growth ${a.label} → ${b.label} (${x(b.input.lines / a.input.lines)} the lines, ${x(b.phases.resources / a.phases.resources)} the resources): ` +
      `wall ${x(b.cli.wallMs / a.cli.wallMs)}, load ${x(b.phases.ms.load / a.phases.ms.load)}, evaluate ${x(b.phases.ms.evaluate / a.phases.ms.evaluate)}, peak RSS ${x(b.cli.maxRssKb / a.cli.maxRssKb)}.`);
  }
  L.push("");
  L.push("### Target");
  L.push("");
  L.push("| target | measured | verdict |");
  L.push("|---|---|---|");
  L.push(`| ${target.name} | ${target.detail} | ${target.met ? "**met**" : "**not met**"}: ${target.verdict.replace(/^(met|not met)[:,]?\s*/, "")} |`);
  if (profile) {
    const m = profile.main;
    L.push("");
    L.push(`### Profile of the ${profile.size} HCL scan`);
    L.push("");
    L.push(`\`node --cpu-prof bench/lib/scan-child.mjs <root> --var-file=…\` (one run, ${fmtMs(profile.wallMs)} wall under the profiler; load ${fmtMs(profile.phases.load)}). ` +
      `Main thread (${fmtMs(m.totalMs)} sampled, \`${profile.mainFile}\`), self time by area: ` +
      m.areas.filter((e) => e.pct >= 1).map((e) => `${e.label} ${fmtMs(e.ms)} (${e.pct.toFixed(0)}%)`).join(", ") + ".");
    L.push("");
    L.push("Top self time, main thread:");
    L.push("");
    L.push("| self | % | function |");
    L.push("|---:|---:|---|");
    for (const e of m.self.slice(0, 12)) L.push(`| ${fmtMs(e.ms)} | ${e.pct.toFixed(1)}% | \`${e.label}\` |`);
    L.push("");
    L.push("Top inclusive time, main thread (cbguard's and its dependencies' JavaScript):");
    L.push("");
    L.push("| total | % | function |");
    L.push("|---:|---:|---|");
    for (const e of m.total.filter((e) => /^(dist|node_modules)\//.test(e.label)).slice(0, 14)) L.push(`| ${fmtMs(e.ms)} | ${e.pct.toFixed(1)}% | \`${e.label}\` |`);
    for (const w of profile.workers) {
      const idle = w.self.find((e) => e.label === "(idle)")?.ms ?? 0;
      L.push("");
      L.push(`Worker thread (\`${w.file}\`): ${fmtMs(w.totalMs)} sampled, ${fmtMs(w.totalMs - idle)} busy. By area: ` +
        w.areas.filter((e) => e.pct >= 1).map((e) => `${e.label} ${fmtMs(e.ms)} (${e.pct.toFixed(0)}%)`).join(", ") + ". Top inclusive: " +
        w.total.filter((e) => /^(node_modules|\[worker)/.test(e.label)).slice(0, 3).map((e) => `\`${e.label}\` ${fmtMs(e.ms)}`).join(", ") + ".");
    }
  }
  return L.join("\n");
}
