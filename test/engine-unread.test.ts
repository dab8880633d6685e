import { describe, expect, it } from "vitest";
import { createEngine } from "../src/engine/index.js";
import type { Finding } from "../src/model/finding.js";
import type { Inventory, Resource, Unread } from "../src/model/resource.js";
import { res } from "./helpers/resource.js";

/** What a live scan could not list decides nothing: the real rules on live-shaped inventories. */
const engine = createEngine({ configFile: undefined });
const ACCOUNT = "123456789012";

function live(r: Resource, region = "us-east-1"): Resource {
  return { ...r, source: "aws", region, account: ACCOUNT };
}

function scan(resources: Resource[], unread: Unread[], regions = ["us-east-1", "us-west-2"]): Finding[] {
  const inv: Inventory = {
    kind: "aws",
    inputs: [ACCOUNT],
    resources,
    scopes: regions.map((region) => ({ address: `aws:${ACCOUNT}:${region}`, region, account: ACCOUNT })),
    account: ACCOUNT,
    regions,
    unread,
  };
  return engine.scan(inv).findings;
}

const denied = (types: string[], action: string, region?: string): Unread => ({
  account: ACCOUNT, ...(region ? { region } : {}), service: action.split(":")[0]!, action, types, reason: `AccessDenied: the scan may not call ${action}`,
});

const bucket = () => live(res("aws_s3_bucket.uploads", { id: "cb-uploads", bucket: "cb-uploads", arn: "arn:aws:s3:::cb-uploads" }));
const versioning = (status: string) => live(res("aws_s3_bucket_versioning.uploads", { bucket: "cb-uploads", versioning_configuration: [{ status }] }));

function one(findings: Finding[], rule: string, address: string): Finding | undefined {
  return findings.find((f) => f.ruleId === rule && f.resource.address === address);
}

describe("unread lists", () => {
  it("a relation to a type nobody could list is unknown naming the action, where it would have failed", () => {
    const f = one(scan([bucket()], [denied(["aws_s3_bucket_versioning"], "s3:GetBucketVersioning", "us-east-1")]), "CB-S3-002", "aws_s3_bucket.uploads");
    expect(f?.verdict).toBe("unknown");
    expect(f?.reason).toContain("s3:GetBucketVersioning");
    // Without the unread list the same inventory fails: the unknown is the list's doing.
    expect(one(scan([bucket()], []), "CB-S3-002", "aws_s3_bucket.uploads")?.verdict).toBe("fail");
  });

  it("an unread list in another region does not touch this region's verdicts", () => {
    const findings = scan([bucket(), versioning("Enabled")], [denied(["aws_s3_bucket_versioning"], "s3:GetBucketVersioning", "us-west-2")]);
    expect(one(findings, "CB-S3-002", "aws_s3_bucket.uploads")?.verdict).toBe("pass");
  });

  it("a demanded resource that could not be listed is unknown on the primary scope, not failed", () => {
    const findings = scan([], [denied(["aws_cloudtrail"], "cloudtrail:DescribeTrails")]);
    const primary = one(findings, "CB-TRL-001", `aws:${ACCOUNT}:us-east-1`);
    expect(primary?.verdict).toBe("unknown");
    expect(primary?.reason).toContain("cloudtrail:DescribeTrails");
    expect(one(scan([], []), "CB-TRL-001", `aws:${ACCOUNT}:us-east-1`)?.verdict).toBe("fail");
  });

  it("demands are judged in the primary region only", () => {
    const findings = scan([], []);
    expect(one(findings, "CB-TRL-001", `aws:${ACCOUNT}:us-east-1`)?.verdict).toBe("fail");
    expect(one(findings, "CB-TRL-001", `aws:${ACCOUNT}:us-west-2`)).toBeUndefined();
  });

  it("a rule whose own type could not be listed says so on the scope of each region affected", () => {
    const findings = scan([], [denied(["aws_db_instance"], "rds:DescribeDBInstances", "us-west-2")]);
    const west = one(findings, "CB-RDS-001", `aws:${ACCOUNT}:us-west-2`);
    expect(west?.verdict).toBe("unknown");
    expect(west?.reason).toContain("rds:DescribeDBInstances");
    expect(one(findings, "CB-RDS-001", `aws:${ACCOUNT}:us-east-1`)).toBeUndefined();
  });

  it("an unreachable account (every type unread) has no pass and no fail at all", () => {
    const findings = scan([], [denied(["*"], "sts:AssumeRole")]);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((f) => f.verdict === "pass" || f.verdict === "fail")).toEqual([]);
  });
});
