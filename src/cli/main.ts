import yargs, { type Argv } from "yargs";
import { hideBin } from "yargs/helpers";
import { InputError } from "../model/errors.js";
import { awsCommand } from "./aws-command.js";
import { planCommand } from "./plan-command.js";
import { hclCommand } from "./hcl-command.js";
import { STDIN_ARG } from "./common-options.js";
import { rulesCommand } from "./rules-command.js";
import { waiversCommand } from "./waivers-command.js";
import { VERSION } from "./version.js";
import { EXIT } from "./exit-code.js";

const verbose = process.argv.includes("--verbose");

/** Known problems are one line and exit 2; a bug keeps its stack only with --verbose. */
function fatal(e: unknown): never {
  if (e instanceof InputError) {
    process.stderr.write(`cbguard: ${e.message}\n`);
  } else {
    const err = e instanceof Error ? e : new Error(String(e));
    process.stderr.write(`cbguard: internal error: ${err.message}${verbose ? `\n${err.stack ?? ""}` : " (run with --verbose for details)"}\n`);
  }
  process.exit(EXIT.usage);
}

// yargs-parser turns a lone "-" into "", so stdin is passed through under a name of its own.
const argv = hideBin(process.argv).map((a) => (a === "-" ? STDIN_ARG : a));

const cli: Argv = yargs(argv)
  .scriptName("cbguard")
  .usage("$0 <command> [options]\n\nChecks Terraform plans, HCL source and live AWS accounts against the ClassBoard production deployment guide.")
  .command(planCommand)
  .command(hclCommand)
  .command(awsCommand)
  .command(rulesCommand)
  .command(waiversCommand)
  .option("verbose", { type: "boolean", description: "Print stack traces of internal errors", global: true })
  .demandCommand(1, "name a command: plan, hcl, aws, rules or waivers (see --help)")
  .strict()
  .version(VERSION)
  .help()
  .alias("h", "help")
  .wrap(Math.min(100, process.stdout.columns || 100))
  .fail((msg, err) => {
    if (err) fatal(err);
    process.stderr.write(`cbguard: ${msg.replace(/\s*\n\s*/g, " ")}\n`);
    process.exit(EXIT.usage);
  });

try {
  await cli.parseAsync();
} catch (e) {
  fatal(e);
}
