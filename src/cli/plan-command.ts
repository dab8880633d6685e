import type { CommandModule } from "yargs";
import { loadPlanFile } from "../sources/plan/index.js";
import { inputPath, scanOptions } from "./common-options.js";
import { progress } from "./output.js";
import { engineFor, finishScan, type ScanArgs } from "./scan-run.js";

interface PlanArgs extends ScanArgs {
  plan: string;
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
    const engine = engineFor(args);
    const plan = inputPath(args.plan);
    progress(`cbguard: reading ${plan === "-" ? "stdin" : plan}`);
    finishScan(engine, await loadPlanFile(plan), args);
  },
};
