import { createEngine, type Engine } from "../engine/index.js";
import type { Inventory } from "../model/resource.js";
import { render } from "../report/index.js";
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
}

export function engineFor(args: ScanArgs): Engine {
  return createEngine({ configFile: configFile(args.config) });
}

/** Judges an inventory, writes the report and sets the exit code: the same for every source. */
export function finishScan(engine: Engine, inventory: Inventory, args: ScanArgs): void {
  progress(`cbguard: judging ${inventory.resources.length} resources against ${engine.ruleSet.rules.length} rules`);
  const result = engine.scan(inventory);
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
