import type { Argv, CommandModule } from "yargs";
import { InputError } from "../model/errors.js";
import { scanOptions } from "./common-options.js";
import { liveProgress, progress } from "./output.js";
import { engineFor, finishScan, type ScanArgs } from "./scan-run.js";
import { VERSION } from "./version.js";

interface AwsArgs extends ScanArgs {
  profile?: string;
  regions?: string;
  "role-arn"?: string[];
  "org-role-name"?: string;
  concurrency: number;
  via: "direct" | "config";
  aggregator?: string;
  evidence?: string;
  "from-evidence"?: string;
  "endpoint-url"?: string;
}

interface PermissionsArgs {
  via: "direct" | "config";
  aggregator?: string;
  org: boolean;
  "regions-all": boolean;
}

// The SDK warns once per process that releases after January 2027 need Node 22; cbguard pins its
// SDK version, so the warning tells a user nothing they can act on.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const permissionsCommand: CommandModule<object, PermissionsArgs> = {
  command: "permissions",
  describe: "Print the least-privilege read-only IAM policy a scan needs (built from the collector table)",
  builder: (y) => y
    .option("via", { choices: ["direct", "config"] as const, default: "direct" as const, description: "Collect through AWS Config as well (adds config:Select*)" })
    .option("aggregator", { type: "string", description: "With an organization aggregator (adds config:SelectAggregateResourceConfig)" })
    .option("org", { type: "boolean", default: false, description: "The caller lists the organization and assumes roles (adds organizations:ListAccounts, sts:AssumeRole)" })
    .option("regions-all", { type: "boolean", default: false, description: "--regions all lists the account's regions (adds ec2:DescribeRegions)" })
    .example("$0 aws permissions > cbguard-readonly.json", "The policy to attach to the scan role") as never,
  handler: async (args) => {
    const { scanPolicy } = await import("../sources/aws/permissions.js");
    process.stdout.write(`${JSON.stringify(scanPolicy({ config: args.via === "config", aggregator: args.aggregator !== undefined, org: args.org, allRegions: args["regions-all"] }), null, 2)}\n`);
  },
};

export const awsCommand: CommandModule<object, AwsArgs> = {
  command: "aws",
  describe: "Judge live AWS accounts (read-only) with the same rules",
  builder: (y: Argv) => y
    .command(permissionsCommand)
    .options({
      profile: { type: "string", description: "Shared-config profile (default: the SDK's credential chain: environment, SSO, container or instance role)" },
      regions: { type: "string", description: "Regions to scan, comma-separated, or `all` (default: the guide's primary and replica regions)" },
      "role-arn": { type: "string", array: true, description: "Assume this role and scan its account (repeatable)" },
      "org-role-name": { type: "string", description: "Scan every active account of the organization by assuming this role in each" },
      concurrency: { type: "number", default: 8, description: "API calls in flight at most" },
      via: { choices: ["direct", "config"] as const, default: "direct" as const, description: "Read recorded resources from AWS Config (SelectResourceConfig); the rest directly" },
      aggregator: { type: "string", description: "Config aggregator to read a whole organization from (with --via config)" },
      evidence: { type: "string", description: "Keep every API answer in this folder, with a SHA-256 manifest" },
      "from-evidence": { type: "string", description: "Re-judge a folder written by --evidence, offline" },
      "endpoint-url": { type: "string", description: "Send every call to this endpoint (else the SDK's AWS_ENDPOINT_URL settings)" },
    })
    .options(scanOptions)
    .conflicts("from-evidence", ["profile", "role-arn", "org-role-name", "evidence", "endpoint-url", "aggregator"])
    .example("$0 aws --profile prod --regions us-east-1,us-west-2", "Nightly scan of production")
    .example("$0 aws --org-role-name cbguard-readonly -f sarif -o live.sarif", "Every account of the organization")
    .example("$0 aws permissions", "The IAM policy the scan role needs") as never,
  handler: async (args) => {
    if (!Number.isInteger(args.concurrency) || args.concurrency < 1 || args.concurrency > 256) throw new InputError(`--concurrency must be a whole number from 1 to 256, got ${String(args.concurrency)}`);
    if (args.aggregator !== undefined && args.via !== "config") throw new InputError("--aggregator needs --via config");
    const engine = engineFor(args);
    const { scanAws, replayAws } = await import("../sources/aws/scan.js");
    if (args["from-evidence"] !== undefined) {
      progress(`cbguard: re-judging the evidence in ${args["from-evidence"]}`);
      const replay = await replayAws(args["from-evidence"]);
      finishScan(engine, replay.inventory, args);
      return;
    }
    const primary = String(engine.params.primary_region ?? "us-east-1");
    const replica = String(engine.params.replica_region ?? "us-west-2");
    const regions = args.regions ?? [...new Set([primary, replica])].join(",");
    const show = liveProgress();
    const scan = await scanAws({
      via: args.via,
      ...(args.aggregator !== undefined ? { aggregator: args.aggregator } : {}),
      regions,
      tool: `cbguard ${VERSION}`,
      concurrency: args.concurrency,
      ...(args.profile !== undefined ? { profile: args.profile } : {}),
      ...(args["endpoint-url"] !== undefined ? { endpoint: args["endpoint-url"] } : {}),
      ...(args["role-arn"] ? { roleArns: args["role-arn"] } : {}),
      ...(args["org-role-name"] !== undefined ? { orgRoleName: args["org-role-name"] } : {}),
      ...(args.evidence !== undefined ? { evidence: args.evidence } : {}),
      ...(show ? { onProgress: (p) => show(`cbguard: ${p.accounts} account${p.accounts === 1 ? "" : "s"}, ${p.done}/${p.total} lists done, ${p.calls} calls, ${p.errors} failed`) } : {}),
    });
    show?.(undefined);
    // Always said, on stderr too: each line is a part of the estate the verdicts do not cover.
    for (const note of scan.inventory.notes ?? []) process.stderr.write(`cbguard: not read: ${note}\n`);
    if (scan.manifest) progress(`cbguard: evidence of ${scan.manifest.accounts.reduce((n, a) => n + a.calls, 0)} calls in ${args.evidence}`);
    finishScan(engine, scan.inventory, args);
  },
};
