import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type * as Sarif from "sarif";
import type { JsonReport } from "../src/report/json.js";
import { requiredActions } from "../src/sources/aws/collect.js";
import { isReadOnlyAction } from "../src/sources/aws/permissions.js";
import { loadAccount } from "./aws-endpoint/account.js";
import { startAwsEndpoint, type AwsEndpoint } from "./aws-endpoint/server.js";
import { TEST_CREDENTIALS } from "./helpers/aws.js";
import { cbguardAsync } from "./helpers/cli.js";
import { validateSarif } from "./helpers/sarif-schema.js";

const MEMBER = "210987654321";

/** A clean AWS environment: the endpoint's keys, nothing from the developer's own ~/.aws. */
function awsEnv(aws: AwsEndpoint, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: "",
    AWS_PROFILE: "",
    AWS_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_ENDPOINT_URL: aws.url,
    ...extra,
  };
}

function report(stdout: string): JsonReport {
  return JSON.parse(stdout) as JsonReport;
}

function failing(r: JsonReport): string[] {
  return r.results.filter((x) => x.verdict === "fail").map((x) => `${x.ruleId} ${x.resource.address}`).sort();
}

const readOnlyCall = (action: string) => /^(Describe|List|Get|Select|AssumeRole$)/.test(action);

describe("cbguard aws against the local endpoint", () => {
  let aws: AwsEndpoint;
  let dir: string;
  beforeAll(async () => {
    aws = await startAwsEndpoint({
      account: loadAccount("compliant"),
      others: [loadAccount("broken", { accountId: MEMBER, assumableRoles: ["cbguard-readonly"], rename: ["classboard-production", "classboard-staging"] })],
    });
    dir = mkdtempSync(join(tmpdir(), "cbguard-aws-"));
  });
  afterAll(async () => {
    await aws.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    for (const k of Object.keys(aws.faults)) delete aws.faults[k];
    aws.calls.length = 0;
  });

  it("scans the caller's account in the guide's two regions, through AWS_ENDPOINT_URL, read-only", async () => {
    const r = await cbguardAsync(["aws", "-f", "json"], { env: awsEnv(aws) });
    expect(r.stderr).not.toMatch(/NodeVersionSupportWarning|at .*\.js:\d+/);
    const rep = report(r.stdout);
    expect(rep.scan.kind).toBe("aws");
    expect(rep.scan.account).toBe("123456789012");
    expect(rep.scan.regions).toEqual(["us-east-1", "us-west-2"]);
    expect(rep.scan.resourceCount).toBeGreaterThan(0);
    expect(Object.values(rep.scan.apiCalls ?? {}).reduce((n, c) => n + c, 0)).toBeGreaterThan(0);
    expect(rep.scan.notRead).toBeUndefined();
    expect(new Set(aws.calls.map((c) => c.region))).toEqual(new Set(["us-east-1", "us-west-2"]));
    for (const c of aws.calls) expect(readOnlyCall(c.action), `${c.service}:${c.action}`).toBe(true);
    expect(failing(rep)).toEqual([]);
    expect(r.status).toBe(0);
  }, 60_000);

  it("a denied call: unknown naming the IAM action, said at the end, exit 3 with --fail-on-unknown", async () => {
    aws.faults["rds:DescribeDBInstances"] = { kind: "AccessDenied" };
    const r = await cbguardAsync(["aws", "-f", "json", "--fail-on-unknown"], { env: awsEnv(aws) });
    const rep = report(r.stdout);
    const rds = rep.results.filter((x) => x.ruleId === "CB-RDS-001");
    expect(rds.length).toBeGreaterThan(0);
    for (const x of rds) {
      expect(x.verdict).toBe("unknown");
      expect(x.reason).toContain("rds:DescribeDBInstances");
    }
    expect(rep.scan.notRead?.some((n) => n.includes("rds:DescribeDBInstances"))).toBe(true);
    expect(r.stderr).toMatch(/not read: 123456789012 us-east-1: rds:DescribeDBInstances/);
    expect(failing(rep)).toEqual([]);
    expect(r.status).toBe(3);
  }, 60_000);

  it("the text report ends with what was not read and the calls per service", async () => {
    aws.faults["logs:DescribeLogGroups"] = { kind: "AccessDenied", region: "us-west-2" };
    const r = await cbguardAsync(["aws"], { env: awsEnv(aws) });
    expect(r.stdout).toMatch(/API calls: \d+ \(.*rds \d+/);
    expect(r.stdout).toMatch(/Not read \(1\):\n {2}123456789012 us-west-2: logs:DescribeLogGroups not read/);
  }, 60_000);

  it("the organization path: every active account, two regions, assumed roles, a suspended account skipped", async () => {
    const r = await cbguardAsync(["aws", "-f", "json", "--org-role-name", "cbguard-readonly"], { env: awsEnv(aws) });
    const rep = report(r.stdout);
    expect(rep.scan.inputs).toEqual(["123456789012", MEMBER]);
    expect(rep.scan.account).toBeUndefined();
    const scopes = new Set(rep.results.filter((x) => x.resource.type === "scope").map((x) => x.resource.address));
    expect(scopes).toEqual(new Set([`aws:123456789012:us-east-1`, `aws:${MEMBER}:us-east-1`]));
    const byAccount = new Set(aws.calls.filter((c) => c.service !== "sts" && c.service !== "organizations").map((c) => `${c.account} ${c.region}`));
    expect(byAccount).toEqual(new Set([`123456789012 us-east-1`, `123456789012 us-west-2`, `${MEMBER} us-east-1`, `${MEMBER} us-west-2`]));
    expect(aws.calls.some((c) => c.account === "333333333333")).toBe(false);
    // The member is the broken snapshot: its failures are reported under its own account.
    const fails = rep.results.filter((x) => x.verdict === "fail");
    expect(fails.length).toBeGreaterThan(0);
    for (const f of fails) expect(f.resource.type === "scope" ? f.resource.address : f.resource.location?.account, f.resource.address).toContain(MEMBER);
    expect(r.status).toBe(1);
  }, 90_000);

  it("a role that cannot be assumed: that account is unknown, the others are scanned", async () => {
    const r = await cbguardAsync(["aws", "-f", "json", "--role-arn", `arn:aws:iam::${MEMBER}:role/cbguard-readonly`, "--role-arn", `arn:aws:iam::${MEMBER}:role/not-there`], { env: awsEnv(aws) });
    const rep = report(r.stdout);
    expect(r.stderr).toMatch(/not read: 210987654321 all regions: sts:AssumeRole not read.*not-there/);
    expect(rep.scan.inputs).toEqual([MEMBER]);
    expect(rep.results.some((x) => x.verdict === "fail")).toBe(true);
  }, 60_000);

  it("--evidence keeps every answer with hashes; --from-evidence re-judges them offline to the same verdicts", async () => {
    const ev = join(dir, "evidence");
    const first = await cbguardAsync(["aws", "-f", "json", "--evidence", ev], { env: awsEnv(aws) });
    const calls = aws.calls.length;
    const manifest = JSON.parse(readFileSync(join(ev, "manifest.json"), "utf8")) as { accounts: { file: string; sha256: string; calls: number }[] };
    expect(manifest.accounts.map((a) => a.calls)).toEqual([calls - 1]); // all but STS GetCallerIdentity
    const replay = await cbguardAsync(["aws", "-f", "json", "--from-evidence", ev], { env: { AWS_ENDPOINT_URL: "http://127.0.0.1:9", AWS_EC2_METADATA_DISABLED: "true" } });
    expect(replay.stderr).toBe("");
    expect(aws.calls.length).toBe(calls);
    const strip = (rep: JsonReport) => rep.results.map((x) => `${x.ruleId} ${x.resource.address} ${x.verdict}`).sort();
    expect(strip(report(replay.stdout))).toEqual(strip(report(first.stdout)));
    // Tampering is caught before anything is judged.
    const file = join(ev, manifest.accounts[0]!.file);
    writeFileSync(file, readFileSync(file, "utf8").replace('"MultiAZ": true', '"MultiAZ": false'));
    const tampered = await cbguardAsync(["aws", "--from-evidence", ev]);
    expect(tampered.status).toBe(2);
    expect(tampered.stderr.trim()).toMatch(/^cbguard: --from-evidence .*does not match its hash/);
  }, 90_000);

  it("an endpoint_url in the shared config (no environment override) is honoured, S3 path-style", async () => {
    const config = join(dir, "aws-config");
    writeFileSync(config, `[default]\nregion = us-east-1\nendpoint_url = ${aws.url}\n`);
    const env = awsEnv(aws, { AWS_CONFIG_FILE: config });
    delete env.AWS_ENDPOINT_URL;
    const r = await cbguardAsync(["aws", "-f", "json"], { env });
    const rep = report(r.stdout);
    expect(rep.scan.notRead).toBeUndefined();
    expect(aws.calls.filter((c) => c.service === "s3" && c.action === "GetBucketPolicy").length).toBeGreaterThan(0);
    expect(r.status).toBe(0);
  }, 60_000);

  it("AWS_ENDPOINT_URL_<SERVICE> for each service wins over a dead AWS_ENDPOINT_URL", async () => {
    const ids = ["S3", "RDS", "EC2", "STS", "CloudWatch Logs", "CloudFront", "Cognito Identity Provider", "Lambda", "EventBridge", "Scheduler", "CloudWatch", "SNS", "Budgets", "Backup", "CloudTrail", "Secrets Manager", "KMS", "IAM", "Config Service"];
    const perService = Object.fromEntries(ids.map((id) => [`AWS_ENDPOINT_URL_${id.toUpperCase().replaceAll(" ", "_")}`, aws.url]));
    const r = await cbguardAsync(["aws", "-f", "json"], { env: awsEnv(aws, { AWS_ENDPOINT_URL: "http://127.0.0.1:9", ...perService }) });
    expect(report(r.stdout).scan.notRead).toBeUndefined();
    expect(new Set(aws.calls.map((c) => c.service)).size).toBe(ids.length);
    expect(r.status).toBe(0);
  }, 60_000);

  it("--regions all: the account's enabled regions (ec2:DescribeRegions)", async () => {
    const r = await cbguardAsync(["aws", "-f", "json", "--regions", "all"], { env: awsEnv(aws) });
    const rep = report(r.stdout);
    expect(rep.scan.regions).toEqual(["us-east-1", "us-west-2"]);
    expect(aws.calls.filter((c) => c.action === "DescribeRegions")).toHaveLength(1);
    expect(r.status).toBe(0);
  }, 60_000);

  it("SARIF of a live scan passes the official schema, each result naming its ARN or scope", async () => {
    // The broken member account: failures; the compliant one with a denied call: unknowns (reviews).
    const broken = await cbguardAsync(["aws", "-f", "sarif", "--role-arn", `arn:aws:iam::${MEMBER}:role/cbguard-readonly`], { env: awsEnv(aws) });
    aws.faults["s3:GetBucketPolicy"] = { kind: "AccessDenied" };
    const denied = await cbguardAsync(["aws", "-f", "sarif"], { env: awsEnv(aws) });
    const kinds = (out: { stdout: string }) => {
      const log = JSON.parse(out.stdout) as Sarif.Log;
      expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
      const results = log.runs[0]!.results!;
      for (const res of results) expect(res.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName).toMatch(/^(arn:aws:|aws:\d{12}:)/);
      return results;
    };
    expect(kinds(broken).filter((x) => x.kind === "fail").length).toBeGreaterThan(20);
    const reviews = kinds(denied).filter((x) => x.kind === "review");
    expect(reviews.map((x) => x.ruleId)).toContain("CB-S3-007");
    expect(JSON.stringify(reviews)).toContain("s3:GetBucketPolicy");
  }, 60_000);

  it("Config mode, alone and through an aggregator, is recorded and replayed like direct mode", async () => {
    const strip = (out: { stdout: string }) => report(out.stdout).results.map((x) => `${x.ruleId} ${x.resource.address} ${x.verdict}`).sort();
    const direct = await cbguardAsync(["aws", "-f", "json"], { env: awsEnv(aws) });
    const member = ["--org-role-name", "cbguard-readonly"];
    const org = await cbguardAsync(["aws", "-f", "json", ...member], { env: awsEnv(aws) });
    for (const [args, same] of [[["--via", "config"], direct], [["--via", "config", "--aggregator", "org-aggregator", ...member], org]] as const) {
      const ev = join(dir, `evidence-${args.length}`);
      aws.calls.length = 0;
      const live = await cbguardAsync(["aws", "-f", "json", ...args, "--evidence", ev], { env: awsEnv(aws) });
      expect(strip(live)).toEqual(strip(same));
      expect(aws.calls.some((c) => c.action.startsWith("Select"))).toBe(true);
      const replay = await cbguardAsync(["aws", "-f", "json", "--from-evidence", ev], { env: { AWS_ENDPOINT_URL: "http://127.0.0.1:9", AWS_EC2_METADATA_DISABLED: "true" } });
      expect(replay.stderr).toBe("");
      expect(strip(replay)).toEqual(strip(live));
    }
  }, 120_000);

  it("bad input is one line and exit 2", async () => {
    const regions = await cbguardAsync(["aws", "--regions", "us-east-1,mars-1"], { env: awsEnv(aws) });
    expect(regions.status).toBe(2);
    expect(regions.stderr.trim()).toBe("cbguard: --regions: not a region: mars-1");
    const role = await cbguardAsync(["aws", "--role-arn", "arn:aws:s3:::bucket"], { env: awsEnv(aws) });
    expect(role.status).toBe(2);
    expect(role.stderr.trim()).toBe("cbguard: --role-arn: not an IAM role ARN: arn:aws:s3:::bucket");
    const noCreds = await cbguardAsync(["aws"], { env: { ...awsEnv(aws), AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "" } });
    expect(noCreds.status).toBe(2);
    expect(noCreds.stderr.trim().split("\n")).toHaveLength(1);
    expect(noCreds.stderr).toMatch(/^cbguard: no usable AWS credentials/);
  }, 60_000);
});

describe("cbguard aws permissions", () => {
  it("is the table's actions, all read-only", async () => {
    const r = await cbguardAsync(["aws", "permissions", "--via", "config", "--org"]);
    expect(r.status).toBe(0);
    const policy = JSON.parse(r.stdout) as { Statement: { Sid: string; Action: string[] }[] };
    const scan = policy.Statement.find((s) => s.Sid === "CbguardReadOnlyScan")!;
    expect(scan.Action).toEqual([...requiredActions(), "config:SelectResourceConfig"].sort());
    for (const a of scan.Action) expect(isReadOnlyAction(a), a).toBe(true);
    expect(policy.Statement.find((s) => s.Sid === "CbguardReachAccounts")?.Action).toEqual(["organizations:ListAccounts", "sts:AssumeRole"]);
  });
});
