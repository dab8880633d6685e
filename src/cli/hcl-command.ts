import type { CommandModule } from "yargs";
import type { VariableInput } from "../sources/hcl/index.js";
import { scanOptions } from "./common-options.js";
import { progress } from "./output.js";
import { engineFor, finishScan, type ScanArgs } from "./scan-run.js";

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
    .option("var-file", { type: "string", array: true, nargs: 1, description: "Variables file (.tfvars or .tfvars.json); repeatable" })
    .option("var", { type: "string", array: true, nargs: 1, description: "Variable value NAME=VALUE; repeatable, later wins" })
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

/**
 * `--var-file` and `--var` in command-line order, which Terraform's precedence follows (later wins).
 * yargs keeps each option's values apart, so the order is read back from the raw arguments; when
 * that reading disagrees with what yargs parsed, files go first and assignments after.
 */
export function variableInputs(argv: readonly string[], files: readonly string[], assignments: readonly string[]): VariableInput[] {
  const ordered: VariableInput[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") break;
    const m = /^--(var-file|var)(?:=(.*))?$/s.exec(arg);
    if (!m) continue;
    const value = m[2] ?? argv[++i];
    if (value === undefined) break;
    ordered.push(m[1] === "var-file" ? { file: value } : { assignment: value });
  }
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const parsedFiles = ordered.flatMap((v) => ("file" in v ? [v.file] : []));
  const parsedAssignments = ordered.flatMap((v) => ("assignment" in v ? [v.assignment] : []));
  if (same(parsedFiles, files) && same(parsedAssignments, assignments)) return ordered;
  return [...files.map((file) => ({ file })), ...assignments.map((assignment) => ({ assignment }))];
}
