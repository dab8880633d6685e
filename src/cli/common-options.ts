import { findConfig } from "../engine/index.js";
import { FAIL_ON } from "./exit-code.js";

export const FORMATS = ["text", "json", "sarif", "markdown", "junit"] as const;

/** Options every scanning command shares. */
export const scanOptions = {
  format: { alias: "f", choices: FORMATS, default: "text" as const, description: "Report format" },
  output: { alias: "o", type: "string" as const, description: "Write the report to this file instead of stdout" },
  "fail-on": { choices: FAIL_ON, default: "low" as const, description: "Exit 1 when an unwaived failure is at or above this severity" },
  "fail-on-unknown": { type: "boolean" as const, default: false, description: "Exit 3 when a verdict is unknown and nothing failed" },
  config: { alias: "c", type: "string" as const, description: "Config file (default: nearest .cbguard.yaml upward)" },
  "runbook-base-url": { type: "string" as const, description: "Prefix of runbook links (default from config, else the project's repository)" },
  "sarif-category": { type: "string" as const, description: "SARIF automationDetails.id category" },
  baseline: { type: "string" as const, description: "A previous JSON report: report only failures it did not have (matched as SARIF fingerprints are)" },
  waivers: { type: "string" as const, description: "Waivers file (YAML; default: .cbguard-waivers.yaml in the current directory, if present). See docs/waivers.md" },
};

export function configFile(explicit: string | undefined): string | undefined {
  return explicit ?? findConfig(process.cwd());
}

/** What main.ts passes for a lone "-" (stdin), which yargs would otherwise read as "". */
export const STDIN_ARG = "\u0000stdin";
export const inputPath = (arg: string): string => (arg === STDIN_ARG ? "-" : arg);
