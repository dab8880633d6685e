import type { CommandModule } from "yargs";
import { scanOptions } from "./common-options.js";
import { progress } from "./output.js";
import { engineFor, finishScan, type ScanArgs } from "./scan-run.js";
import { variableInputs, variableOptions } from "./variables.js";

interface HclArgs extends ScanArgs {
  dir: string;
  "var-file"?: string[];
  var?: string[];
}

export const hclCommand: CommandModule<object, HclArgs> = {
  command: "hcl <dir>",
  describe: "Judge Terraform source: the .tf files of a directory and the local modules it calls",
  builder: (y) => y
    .positional("dir", { type: "string", demandOption: true, description: "Directory of the root module" })
    .options(variableOptions)
    .options(scanOptions)
    .example("$0 hcl envs/prod --var-file envs/prod/prod.tfvars", "Text report on the terminal")
    .example("$0 hcl . -f sarif -o cbguard.sarif", "SARIF for GitHub code scanning") as never,
  handler: async (args) => {
    const engine = engineFor(args);
    progress(`cbguard: reading ${args.dir}`);
    // Loaded here so that other commands never load the HCL parsers.
    const { loadHclDir } = await import("../sources/hcl/index.js");
    const inventory = await loadHclDir(args.dir, { variables: variableInputs(process.argv.slice(2), args["var-file"] ?? [], args.var ?? []) });
    // Always shown: each one is a part of the configuration the verdicts do not cover.
    for (const note of inventory.notes ?? []) process.stderr.write(`cbguard: warning: ${note}\n`);
    finishScan(engine, inventory, args);
  },
};
