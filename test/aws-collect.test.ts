import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../src/engine/index.js";
import type { Finding } from "../src/model/finding.js";
import { collectAccount, requiredActions } from "../src/sources/aws/collect.js";
import { loadAccount } from "./aws-endpoint/account.js";
import { SERVICES } from "./aws-endpoint/protocols.js";
import { startAwsEndpoint, type AwsEndpoint } from "./aws-endpoint/server.js";
import { scanAccount } from "./helpers/aws.js";

const credentials = { accessKeyId: "AKIDTESTENDPOINT0000", secretAccessKey: "test-endpoint-secret-not-a-real-key" };
const ACCOUNT = "123456789012";
const REGIONS = ["us-east-1", "us-west-2"];
const RULES = ["CB-RDS-001", "CB-RDS-002", "CB-RDS-003", "CB-S3-001", "CB-S3-002", "CB-NET-002", "CB-LOG-001"];
const engine = createEngine();

function verdicts(findings: Finding[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of findings) if (RULES.includes(f.ruleId) && f.verdict !== "not_applicable") (out[`${f.ruleId} ${f.verdict}`] ??= []).push(f.resource.address);
  for (const v of Object.values(out)) v.sort();
  return out;
}

async function scan(aws: AwsEndpoint) {
  const inv = await collectAccount({ account: ACCOUNT, regions: REGIONS, endpoint: aws.url, credentials, maxAttempts: 4 });
  return { inv, findings: engine.scan(inv).findings };
}

describe("collectAccount: compliant account", () => {
  let aws: AwsEndpoint;
  beforeAll(async () => {
    aws = await startAwsEndpoint({ account: loadAccount("compliant"), pageSize: 1 });
  });
  afterAll(() => aws.stop());
  afterEach(() => {
    for (const k of Object.keys(aws.faults)) delete aws.faults[k];
    aws.calls.length = 0;
  });

  it("collects canonical resources and every rule passes", async () => {
    const { inv, findings } = await scan(aws);
    expect(inv.kind).toBe("aws");
    expect(inv.scopes.map((s) => s.address)).toEqual([`aws:${ACCOUNT}:us-east-1`, `aws:${ACCOUNT}:us-west-2`]);
    const types = new Set(inv.resources.map((r) => r.type));
    for (const t of ["aws_db_instance", "aws_s3_bucket", "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_versioning", "aws_security_group", "aws_cloudwatch_log_group"]) expect(types).toContain(t);
    for (const r of inv.resources) {
      expect(r.source).toBe("aws");
      expect(r.account).toBe(ACCOUNT);
      // A global service's resource has no region, as its ARN has none.
      if (r.region === undefined) expect(r.address).toMatch(/^arn:aws:[a-z0-9-]+::/);
      else expect(REGIONS).toContain(r.region);
      expect(r.location?.apiCall).toEqual(expect.any(String));
    }
    const v = verdicts(findings);
    expect(Object.keys(v).filter((k) => !k.endsWith(" pass"))).toEqual([]);
    for (const id of RULES) expect(v[`${id} pass`]?.length ?? 0).toBeGreaterThan(0);
    // read-only: every call a Describe/List/Get
    expect(aws.calls.length).toBeGreaterThan(0);
    for (const c of aws.calls) expect(c.action).toMatch(/^(Describe|List|Get)/);
    expect(inv.unread).toEqual([]);
  });

  it("the table names the IAM actions explicitly", () => {
    expect(requiredActions()).toEqual(expect.arrayContaining(["s3:GetEncryptionConfiguration", "s3:GetBucketVersioning", "rds:DescribeDBInstances", "logs:DescribeLogGroups", "ec2:DescribeSecurityGroups"]));
  });

  it("AccessDenied on GetBucketEncryption → CB-S3-001 unknown naming s3:GetEncryptionConfiguration", async () => {
    aws.faults["s3:GetBucketEncryption"] = { kind: "AccessDenied" };
    const { findings } = await scan(aws);
    const s3 = findings.filter((f) => f.ruleId === "CB-S3-001");
    expect(s3.length).toBeGreaterThan(0);
    for (const f of s3) {
      expect(f.verdict).toBe("unknown");
      expect(JSON.stringify(f)).toContain("s3:GetEncryptionConfiguration");
    }
  });

  it("AccessDenied on a list call is recorded as unread, not empty", async () => {
    aws.faults["rds:DescribeDBInstances"] = { kind: "AccessDenied" };
    const { inv } = await scan(aws);
    expect(inv.unread.map((u) => `${u.action} ${u.region}`).sort()).toEqual(["rds:DescribeDBInstances us-east-1", "rds:DescribeDBInstances us-west-2"]);
    expect(inv.resources.some((r) => r.type === "aws_db_instance")).toBe(false);
  });

  it("throttling still completes", async () => {
    aws.faults["rds:DescribeDBInstances"] = { kind: "Throttling", times: 2 };
    aws.faults["s3:ListBuckets"] = { kind: "Throttling", times: 2 };
    aws.faults["logs:DescribeLogGroups"] = { kind: "Throttling", times: 2 };
    const { inv, findings } = await scan(aws);
    expect(inv.unread).toEqual([]);
    expect(Object.keys(verdicts(findings)).filter((k) => !k.endsWith(" pass"))).toEqual([]);
  }, 30000);
});

describe("a throttling storm", () => {
  // Every service's own throttling answer (400 Throttling, 429, 503 SlowDown…) must be one the SDK
  // retries: a storm over all of them at once, with short fixed delays (the adaptive mode's slow
  // recovery is covered above and in the benchmark).
  it("every call of every service throttled on its first attempt: retries complete the scan, to the same verdicts", async () => {
    const calm = await scanAccount("compliant");
    const faults = Object.fromEntries(Object.keys(SERVICES).filter((svc) => svc !== "sts").map((svc) => [`${svc}:*`, { kind: "Throttling" as const, attempts: 1 }]));
    const storm = await scanAccount("compliant", { faults });
    expect(storm.inv.unread).toEqual([]);
    const key = (f: Finding) => `${f.ruleId} ${f.resource.address} ${f.verdict}`;
    expect(storm.findings.map(key).sort()).toEqual(calm.findings.map(key).sort());
    // The storm was real: every service answered some calls with its throttling error.
    const throttledServices = new Set(storm.calls.filter((c) => c.status === 400 || c.status === 429 || c.status === 503).map((c) => c.service));
    expect([...throttledServices].sort()).toEqual(Object.keys(SERVICES).filter((svc) => svc !== "sts" && storm.calls.some((c) => c.service === svc)).sort());
    expect(storm.calls.length).toBeGreaterThan(1.8 * calm.calls.length);
  }, 120_000);
});

describe("a region that fails", () => {
  it("every call in us-west-2 fails: that region is not read, the rest is judged as before", async () => {
    const calm = await scanAccount("compliant");
    const faults = Object.fromEntries(Object.keys(SERVICES).map((svc) => [`${svc}:*`, { kind: "5xx" as const, region: "us-west-2" }]));
    const { inv, findings } = await scanAccount("compliant", { faults });
    // Every regional list of us-west-2 is recorded as not read, naming its call; us-east-1 has none.
    expect(inv.unread.length).toBeGreaterThan(10);
    for (const u of inv.unread) {
      expect(u.region).toBe("us-west-2");
      expect(u.reason).toMatch(/calling [a-z0-9-]+:\w+/);
    }
    // Nothing judged differs from the calm scan: what us-west-2 would have decided is unknown instead.
    const key = (f: Finding) => `${f.ruleId} ${f.resource.type} ${f.resource.address}`;
    const before = new Map(calm.findings.map((f) => [key(f), f.verdict]));
    // (A configuration that could not be read stands in as a resource of unreadable values, which the
    // calm scan, having read "none", does not have: only what both have is compared.)
    const judged = findings.filter((f) => f.verdict !== "unknown" && before.has(key(f)));
    for (const f of judged) expect(`${key(f)} ${f.verdict}`).toBe(`${key(f)} ${before.get(key(f))}`);
    expect(judged.length).toBeGreaterThan(0.8 * calm.findings.length);
    expect(findings.filter((f) => f.resource.address === "aws:123456789012:us-west-2").every((f) => f.verdict === "unknown")).toBe(true);
  }, 60_000);
});

describe("collectAccount: broken account", () => {
  let aws: AwsEndpoint;
  beforeAll(async () => {
    aws = await startAwsEndpoint({ account: loadAccount("broken"), pageSize: 1 });
  });
  afterAll(() => aws.stop());

  it("fails exactly the broken resources", async () => {
    const { findings } = await scan(aws);
    const v = verdicts(findings);
    const dbs = (v["CB-RDS-001 fail"] ?? []).map((a) => a.replace(/^.*:db:/, "")).sort();
    expect(dbs).toEqual(["classboard-production-db", "classboard-production-reports"]);
    expect(v["CB-RDS-002 fail"]).toEqual(v["CB-RDS-001 fail"]);
    expect(v["CB-RDS-003 fail"]).toEqual(["arn:aws:rds:us-east-1:123456789012:db:classboard-production-db"]);
    expect(v["CB-S3-001 fail"]).toEqual(["arn:aws:s3:::classboard-production-audit-logs", "arn:aws:s3:::classboard-production-replica-access-logs"]);
    expect(v["CB-S3-002 fail"]).toEqual(["arn:aws:s3:::classboard-production-audit-logs", "arn:aws:s3:::classboard-production-files-replica"]);
    expect(v["CB-NET-002 fail"]?.length).toBe(1);
    expect(v["CB-NET-002 fail"]?.[0]).toContain("sg-0c1a55b0a4d0000d1");
    expect(v["CB-LOG-001 fail"]?.map((a) => a.replace(/^.*log-group:/, "")).sort()).toEqual(["/classboard/production/api-access", "/classboard/production/app"]);
    for (const id of RULES) expect(v[`${id} unknown`]).toBeUndefined();
  });
});
