import type { CommandModule } from "yargs";
import type { Inventory } from "../model/resource.js";
import { loadPlanFile } from "../sources/plan/index.js";
import { inputPath, scanOptions } from "./common-options.js";
import { progress } from "./output.js";
import { engineFor, finishScan, type ScanArgs } from "./scan-run.js";
import { attachSource } from "./source-map.js";
import { variableInputs, variableOptions } from "./variables.js";

interface PlanArgs extends ScanArgs {
  plan: string;
  source?: string;
  "var-file"?: string[];
  var?: string[];
}

export const planCommand: CommandModule<object, PlanArgs> = {
  command: "plan <plan>",
  describe: "Judge a Terraform plan (terraform show -json output; - for stdin)",
  builder: (y) => y
    .positional("plan", { type: "string", demandOption: true, description: "Plan JSON file, or - for stdin" })
    .option("source", { type: "string", description: "Root module directory the plan was made from: findings point at its .tf lines, and its inline waivers apply" })
    .options(variableOptions)
    .options(scanOptions)
    .example("$0 plan tfplan.json", "Text report on the terminal")
    .example("$0 plan tfplan.json --source . -f sarif -o cbguard.sarif", "SARIF on the .tf lines, for GitHub code scanning")
    .example("terraform show -json tfplan | $0 plan - -f markdown", "PR comment from stdin") as never,
  handler: async (args) => {
    const engine = engineFor(args);
    const plan = inputPath(args.plan);
    progress(`cbguard: reading ${plan === "-" ? "stdin" : plan}`);
    let inventory: Inventory = await loadPlanFile(plan);
    if (args.source !== undefined) inventory = await withSource(inventory, args);
    finishScan(engine, inventory, args);
  },
};

async function withSource(plan: Inventory, args: PlanArgs): Promise<Inventory> {
  progress(`cbguard: reading ${args.source!} for lines`);
  // Loaded here so that a plan scan without --source never loads the HCL parsers.
  const { loadHclDir } = await import("../sources/hcl/index.js");
  const source = await loadHclDir(args.source!, { variables: variableInputs(process.argv.slice(2), args["var-file"] ?? [], args.var ?? []) });
  const { inventory, unmatched } = attachSource(plan, source);
  if (unmatched.length > 0) {
    process.stderr.write(`cbguard: warning: ${unmatched.length} planned resource${unmatched.length === 1 ? "" : "s"} not found in ${args.source!} (e.g. ${unmatched[0]}); they point at the plan file\n`);
  }
  return inventory;
}
