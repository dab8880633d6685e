import type { CommandModule } from "yargs";
import { createEngine } from "../engine/index.js";
import { render } from "../report/index.js";
import { loadPlanFile } from "../sources/plan/index.js";
import { configFile, inputPath, scanOptions, type FORMATS } from "./common-options.js";
import { exitCode, type FailOn } from "./exit-code.js";
import { emit, progress } from "./output.js";
import { VERSION } from "./version.js";

interface PlanArgs {
  plan: string;
  format: (typeof FORMATS)[number];
  output?: string;
  "fail-on": FailOn;
  "fail-on-unknown": boolean;
  config?: string;
  "runbook-base-url"?: string;
  "sarif-category"?: string;
}

export const planCommand: CommandModule<object, PlanArgs> = {
  command: "plan <plan>",
  describe: "Judge a Terraform plan (terraform show -json output; - for stdin)",
  builder: (y) => y
    .positional("plan", { type: "string", demandOption: true, description: "Plan JSON file, or - for stdin" })
    .options(scanOptions)
    .example("$0 plan tfplan.json", "Text report on the terminal")
    .example("$0 plan tfplan.json -f sarif -o cbguard.sarif", "SARIF for GitHub code scanning")
    .example("terraform show -json tfplan | $0 plan - -f markdown", "PR comment from stdin") as never,
  handler: async (args) => {
    const engine = createEngine({ configFile: configFile(args.config) });
    const plan = inputPath(args.plan);
    progress(`cbguard: reading ${plan === "-" ? "stdin" : plan}`);
    const inventory = await loadPlanFile(plan);
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
  },
};
