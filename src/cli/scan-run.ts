import { createEngine, type Engine } from "../engine/index.js";
import type { Inventory } from "../model/resource.js";
import { render } from "../report/index.js";
import { newFailures, readBaseline } from "../store/baseline.js";
import { applyWaivers, collectWaivers, resolveWaiversFile, type WaiverEntry } from "../waivers/index.js";
import { configFile, type FORMATS } from "./common-options.js";
import { exitCode, type FailOn } from "./exit-code.js";
import { emit, progress } from "./output.js";
import { VERSION } from "./version.js";

/** The options every scanning command takes (common-options.ts declares them for yargs). */
export interface ScanArgs {
  format: (typeof FORMATS)[number];
  output?: string;
  "fail-on": FailOn;
  "fail-on-unknown": boolean;
  config?: string;
  "runbook-base-url"?: string;
  "sarif-category"?: string;
  waivers?: string;
  baseline?: string;
}

export function engineFor(args: ScanArgs): Engine {
  return createEngine({ configFile: configFile(args.config) });
}

/**
 * The waivers for a scan: the inventory's inline `# cbguard:waive` comments, then the waivers file
 * (`--waivers`, else `.cbguard-waivers.yaml` in the current directory when present). A refused
 * waiver is an InputError, so a scan with a bad waiver exits 2 before judging anything.
 */
export function waiversFor(engine: Engine, inventory: Inventory | undefined, explicitFile: string | undefined): WaiverEntry[] {
  const file = resolveWaiversFile(explicitFile, process.cwd());
  return collectWaivers({
    ...(inventory !== undefined ? { inventory } : {}),
    ...(file !== undefined ? { file } : {}),
    ruleIds: engine.ruleSet.rules.map((r) => r.id),
  });
}

/** Judges an inventory, applies the waivers, writes the report and sets the exit code: the same for every source. */
export function finishScan(engine: Engine, inventory: Inventory, args: ScanArgs): void {
  const waivers = waiversFor(engine, inventory, args.waivers);
  const baseline = args.baseline !== undefined ? readBaseline(args.baseline) : undefined;
  progress(`cbguard: judging ${inventory.resources.length} resources against ${engine.ruleSet.rules.length} rules`);
  const judged = engine.scan(inventory);
  // Waivers are judged on the scan's own (UTC) day, so a report and its startedAt agree.
  const waived = applyWaivers(judged.findings, waivers, judged.startedAt.slice(0, 10));
  // On an estate adopting cbguard, only what is new since the baseline report is reported.
  const result = { ...judged, findings: baseline ? newFailures(waived, baseline) : waived };
  const runbookBaseUrl = args["runbook-base-url"] ?? engine.config.runbookBaseUrl;
  emit(render(args.format, result, {
    toolVersion: VERSION,
    baseDir: process.cwd(),
    cwd: process.cwd(),
    color: args.format === "text" && !args.output && process.stdout.isTTY === true,
    ...(runbookBaseUrl ? { runbookBaseUrl } : {}),
    ...(args["sarif-category"] ? { sarifCategory: args["sarif-category"] } : {}),
  }), args.output);
  process.exitCode = exitCode(result.findings, result.rules, args["fail-on"], args["fail-on-unknown"]);
}
