/**
 * Storage, the edge and log retention, live: S3 bucket configurations, CloudFront distributions and
 * log groups collected from the local endpoint with the real SDK clients and judged by the real
 * rules (fixtures/aws/README.md says what broken/ breaks).
 */
import { CloudFrontClient, GetDistributionConfigCommand, ListDistributionsCommand } from "@aws-sdk/client-cloudfront";
import {
  GetBucketCorsCommand, GetBucketLifecycleConfigurationCommand, GetBucketLoggingCommand, GetBucketPolicyCommand, GetBucketReplicationCommand,
  GetPublicAccessBlockCommand, S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { createEngine } from "../src/engine/index.js";
import type { Finding } from "../src/model/finding.js";
import type { Resource } from "../src/model/resource.js";
import { requiredActions } from "../src/sources/aws/collect.js";
import { parsePlan } from "../src/sources/plan/index.js";
import { loadAccount } from "./aws-endpoint/account.js";
import { startAwsEndpoint, type AwsEndpoint } from "./aws-endpoint/server.js";
import { scanAccount, TEST_CREDENTIALS, verdictsOf, type LiveScan } from "./helpers/aws.js";

const S3_RULES = ["CB-S3-001", "CB-S3-002", "CB-S3-003", "CB-S3-004", "CB-S3-005", "CB-S3-006", "CB-S3-007", "CB-S3-008"];
const CF_RULES = ["CB-CF-001", "CB-CF-002", "CB-CF-003"];
const LOG_RULES = ["CB-LOG-001", "CB-LOG-002"];
const RULES = [...S3_RULES, ...CF_RULES, ...LOG_RULES];

const bucket = (name: string) => `arn:aws:s3:::classboard-production-${name}`;
const FILES = bucket("files");
const ACCESS_LOGS = bucket("access-logs");
const AUDIT_LOGS = bucket("audit-logs");
const REPLICA = bucket("files-replica");
const REPLICA_LOGS = bucket("replica-access-logs");
const ALL_BUCKETS = [ACCESS_LOGS, AUDIT_LOGS, FILES, REPLICA, REPLICA_LOGS];
const DISTRIBUTION = "arn:aws:cloudfront::123456789012:distribution/E2CBFILESPROD1";
const group = (name: string) => `arn:aws:logs:us-east-1:123456789012:log-group:${name}`;
const API_ACCESS = group("/classboard/production/api-access");
const APP = group("/classboard/production/app");
const FLOW = group("/classboard/production/vpc-flow-logs");

/**
 * The audit bucket is CloudTrail's, which exempts it from replication (CB-S3-004) once the trail
 * is collected; until the CloudTrail row lists a trail naming it, it is judged as a data bucket.
 */
const trailed = (scan: LiveScan) => scan.inv.resources.some((r) => r.type === "aws_cloudtrail" && r.values.s3_bucket_name === "classboard-production-audit-logs");
const judgedApart = (scan: LiveScan, f: Finding) => f.ruleId === "CB-S3-004" && f.resource.address === AUDIT_LOGS && !trailed(scan);
const verdicts = (scan: LiveScan) => verdictsOf(scan.findings.filter((f) => !judgedApart(scan, f)), RULES);

const ofType = (scan: LiveScan, type: string, address: string): Resource | undefined => scan.inv.resources.find((r) => r.type === type && r.address === address);
const findingsOf = (findings: Finding[], rule: string, address: string) => findings.filter((f) => f.ruleId === rule && f.resource.address === address);

describe("storage and edge: compliant account", () => {
  let scan: LiveScan & { calls: AwsEndpoint["calls"] };
  beforeAll(async () => {
    scan = await scanAccount("compliant");
  }, 60000);

  it("every storage, CloudFront and log retention rule passes, on the resources the plan names", () => {
    const v = verdicts(scan);
    expect(Object.keys(v).filter((k) => !k.endsWith(" pass"))).toEqual([]);
    for (const id of ["CB-S3-001", "CB-S3-002", "CB-S3-003", "CB-S3-005", "CB-S3-007"]) expect(v[`${id} pass`]).toEqual(ALL_BUCKETS);
    // Replication: only the primary data bucket (log buckets and the replica are exempt).
    expect(v["CB-S3-004 pass"]).toEqual([FILES]);
    // CORS only where configured; access logging for every bucket that is not itself a log target.
    expect(v["CB-S3-006 pass"]).toEqual([FILES]);
    expect(v["CB-S3-008 pass"]).toEqual([AUDIT_LOGS, FILES, REPLICA]);
    for (const id of CF_RULES) expect(v[`${id} pass`]).toEqual([DISTRIBUTION]);
    // Access logs: the flow-log and API access groups, and both S3 log buckets (one also CloudFront's).
    expect(v["CB-LOG-002 pass"]).toEqual([ACCESS_LOGS, REPLICA_LOGS, API_ACCESS, FLOW].sort());
    expect(v["CB-LOG-001 pass"]).toEqual(expect.arrayContaining([API_ACCESS, APP, FLOW, group("/aws/rds/instance/classboard-production-db/postgresql")]));
    expect(scan.inv.unread).toEqual([]);
  });

  it("collects the provider's split bucket resources, tied to the bucket by name", () => {
    const files = (suffix: string, type: string) => ofType(scan, type, `${FILES}?${suffix}`)?.values;
    expect(ofType(scan, "aws_s3_bucket", FILES)?.values).toMatchObject({ bucket: "classboard-production-files", bucket_domain_name: "classboard-production-files.s3.amazonaws.com", bucket_regional_domain_name: "classboard-production-files.s3.us-east-1.amazonaws.com" });
    expect(files("lifecycle", "aws_s3_bucket_lifecycle_configuration")).toMatchObject({
      bucket: "classboard-production-files",
      rule: [{ id: "retention", status: "Enabled", filter: [{ prefix: "" }], expiration: [], transition: [{ days: 90, storage_class: "STANDARD_IA" }], noncurrent_version_expiration: [{ noncurrent_days: 90 }], abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }] }],
    });
    expect(ofType(scan, "aws_s3_bucket_lifecycle_configuration", `${ACCESS_LOGS}?lifecycle`)?.values.rule).toMatchObject([{ expiration: [{ days: 90 }] }]);
    expect(files("replication", "aws_s3_bucket_replication_configuration")).toMatchObject({
      role: "arn:aws:iam::123456789012:role/classboard-production-s3-replication",
      rule: [{ id: "files-to-us-west-2", status: "Enabled", destination: [{ bucket: REPLICA, storage_class: "STANDARD_IA", encryption_configuration: [{ replica_kms_key_id: expect.stringMatching(/^arn:aws:kms:us-west-2:/) }] }], delete_marker_replication: [{ status: "Enabled" }], source_selection_criteria: [{ sse_kms_encrypted_objects: [{ status: "Enabled" }] }] }],
    });
    expect(files("publicAccessBlock", "aws_s3_bucket_public_access_block")).toEqual({ bucket: "classboard-production-files", block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(files("cors", "aws_s3_bucket_cors_configuration")).toEqual({
      bucket: "classboard-production-files",
      cors_rule: [{ id: "", allowed_headers: ["Authorization", "Content-Type", "x-amz-*"], allowed_methods: ["GET", "HEAD", "PUT"], allowed_origins: ["https://classboard.app"], expose_headers: ["ETag"], max_age_seconds: 3600 }],
    });
    expect(JSON.parse(String(files("policy", "aws_s3_bucket_policy")?.policy)).Statement).toContainEqual(expect.objectContaining({ Sid: "DenyInsecureTransport", Effect: "Deny" }));
    expect(files("logging", "aws_s3_bucket_logging")).toEqual({ bucket: "classboard-production-files", target_bucket: "classboard-production-access-logs", target_prefix: "s3/classboard-production-files/" });
    // "Not configured" answers mean no resource: no replication or CORS on a log bucket, no logging of a log bucket.
    for (const suffix of ["replication", "cors", "logging"]) expect(scan.inv.resources.some((r) => r.address === `${ACCESS_LOGS}?${suffix}`)).toBe(false);
    expect(ofType(scan, "aws_s3_bucket", REPLICA)?.region).toBe("us-west-2");
  });

  it("collects the distribution with the provider's attribute names and no region", () => {
    const d = ofType(scan, "aws_cloudfront_distribution", DISTRIBUTION);
    expect(d?.region).toBeUndefined();
    expect(d?.location?.apiCall).toBe("cloudfront:GetDistributionConfig");
    expect(d?.values).toMatchObject({
      id: "E2CBFILESPROD1",
      price_class: "PriceClass_100",
      aliases: ["files.classboard.app"],
      origin: [{ origin_id: "files-s3", domain_name: "classboard-production-files.s3.us-east-1.amazonaws.com", origin_access_control_id: "E1CBOACFILES01", s3_origin_config: [] }],
      default_cache_behavior: [{ target_origin_id: "files-s3", viewer_protocol_policy: "redirect-to-https", allowed_methods: ["GET", "HEAD", "OPTIONS"], cached_methods: ["GET", "HEAD"] }],
      ordered_cache_behavior: [{ path_pattern: "/reports/*", viewer_protocol_policy: "https-only" }],
      viewer_certificate: [{ cloudfront_default_certificate: false, minimum_protocol_version: "TLSv1.2_2021", ssl_support_method: "sni-only" }],
      logging_config: [{ bucket: "classboard-production-access-logs.s3.amazonaws.com", prefix: "cloudfront/files/", include_cookies: false }],
    });
  });

  it("gives the same verdicts as the production plan, matched by name", () => {
    const inventory = parsePlan(readFileSync("fixtures/plans/classboard-compliant.json", "utf8"), "plan");
    const planNames = new Map(inventory.resources.map((r) => [r.address, String(r.values.bucket ?? r.values.name ?? r.values.comment ?? "")]));
    const liveName = (address: string) => address.replace(/^arn:aws:s3:::/, "").replace(/^.*:log-group:/, "").replace(DISTRIBUTION, "classboard-production files");
    // Lambda log groups are the Lambda collector's; the untrailed audit bucket is judged apart (above).
    const byName = (findings: Finding[], nameOf: (address: string) => string | undefined) => {
      const out: Record<string, string> = {};
      for (const f of findings) {
        const name = RULES.includes(f.ruleId) && f.verdict !== "not_applicable" ? nameOf(f.resource.address) : undefined;
        if (name && !name.startsWith("/aws/lambda/")) out[`${f.ruleId} ${name}`] = f.verdict;
      }
      return out;
    };
    const planned = byName(createEngine({ configFile: undefined }).scan(inventory).findings, (a) => planNames.get(a));
    const live = byName(scan.findings.filter((f) => !judgedApart(scan, f)), liveName);
    expect(live).toEqual(planned);
  });

  it("every call is read-only and the table names the IAM actions", () => {
    const mine = scan.calls.filter((c) => c.service === "s3" || c.service === "cloudfront" || c.service === "logs");
    expect(new Set(mine.map((c) => c.action))).toEqual(new Set([
      "ListBuckets", "GetBucketLocation", "GetBucketEncryption", "GetBucketVersioning", "GetBucketLifecycleConfiguration", "GetBucketReplication",
      "GetPublicAccessBlock", "GetBucketCors", "GetBucketPolicy", "GetBucketLogging", "ListDistributions", "GetDistributionConfig", "DescribeLogGroups",
    ]));
    for (const c of mine) expect(c.action).toMatch(/^(Describe|List|Get)/);
    expect(requiredActions()).toEqual(expect.arrayContaining([
      "s3:GetLifecycleConfiguration", "s3:GetReplicationConfiguration", "s3:GetBucketPublicAccessBlock", "s3:GetBucketCORS", "s3:GetBucketPolicy",
      "s3:GetBucketLogging", "cloudfront:ListDistributions", "cloudfront:GetDistributionConfig",
    ]));
  });
});

describe("storage and edge: broken account", () => {
  let scan: LiveScan;
  beforeAll(async () => {
    scan = await scanAccount("broken");
  }, 60000);

  it("fails exactly the broken resources", () => {
    const v = verdicts(scan);
    expect(v["CB-S3-001 fail"]).toEqual([AUDIT_LOGS, REPLICA_LOGS]);
    expect(v["CB-S3-002 fail"]).toEqual([AUDIT_LOGS, REPLICA]);
    expect(v["CB-S3-003 fail"]).toEqual([AUDIT_LOGS]);
    expect(v["CB-S3-004 fail"]).toEqual([FILES]);
    expect(v["CB-S3-005 fail"]).toEqual([REPLICA, REPLICA_LOGS]);
    expect(v["CB-S3-006 fail"]).toEqual([FILES]);
    expect(v["CB-S3-007 fail"]).toEqual([FILES, REPLICA_LOGS]);
    expect(v["CB-S3-008 fail"]).toEqual([AUDIT_LOGS, FILES]);
    for (const id of CF_RULES) expect(v[`${id} fail`]).toEqual([DISTRIBUTION]);
    expect(v["CB-LOG-001 fail"]).toEqual([API_ACCESS, APP]);
    expect(v["CB-LOG-002 fail"]).toEqual([ACCESS_LOGS, API_ACCESS, FLOW].sort());
    expect(v["CB-LOG-002 pass"]).toEqual([REPLICA_LOGS]);
    for (const id of RULES) expect(v[`${id} unknown`]).toBeUndefined();
  });

  it("says why, naming the setting", () => {
    const message = (rule: string, address: string) => findingsOf(scan.findings, rule, address)[0]?.message ?? "";
    expect(message("CB-S3-004", FILES)).toContain(`${REPLICA}?versioning`);
    expect(message("CB-S3-005", REPLICA_LOGS)).toContain("restrict_public_buckets is false");
    expect(message("CB-S3-006", FILES)).toContain('"*"');
    expect(message("CB-S3-008", FILES)).toContain("expires objects after 30 days");
    expect(message("CB-CF-001", DISTRIBUTION)).toContain("origin.0.origin_access_control_id");
    expect(message("CB-CF-002", DISTRIBUTION)).toContain("ordered_cache_behavior.0.viewer_protocol_policy");
    expect(message("CB-CF-003", DISTRIBUTION)).toContain("PriceClass_All");
    expect(message("CB-LOG-002", FLOW)).toContain("retention_in_days is 30");
  });
});

describe("storage and edge: calls the scan may not make", () => {
  it("AccessDenied on a detail call: the rule reading it is unknown, naming the IAM action", async () => {
    const { findings, inv } = await scanAccount("compliant", { faults: { "s3:GetBucketLifecycleConfiguration": { kind: "AccessDenied" }, "s3:GetPublicAccessBlock": { kind: "AccessDenied" } } });
    for (const [rule, action] of [["CB-S3-003", "s3:GetLifecycleConfiguration"], ["CB-S3-005", "s3:GetBucketPublicAccessBlock"]] as const) {
      const fs = findings.filter((f) => f.ruleId === rule);
      expect(fs.map((f) => f.resource.address).sort()).toEqual(ALL_BUCKETS);
      for (const f of fs) {
        expect(f.verdict).toBe("unknown");
        expect(JSON.stringify(f)).toContain(action);
      }
    }
    // A log bucket's retention comes from the same lifecycle call.
    expect(findingsOf(findings, "CB-LOG-002", ACCESS_LOGS)[0]?.verdict).toBe("unknown");
    expect(findingsOf(findings, "CB-S3-008", FILES)[0]?.verdict).toBe("unknown");
    // The other configurations still read.
    expect(verdictsOf(findings, ["CB-S3-007"])["CB-S3-007 pass"]).toEqual(ALL_BUCKETS);
    expect(inv.unread).toEqual([]);
  }, 60000);

  it("AccessDenied on GetDistributionConfig: the summary still judges the distribution; only logging is unreadable", async () => {
    const { findings, inv } = await scanAccount("broken", { faults: { "cloudfront:GetDistributionConfig": { kind: "AccessDenied" } } });
    const d = inv.resources.find((r) => r.address === DISTRIBUTION);
    expect(d?.location?.apiCall).toBe("cloudfront:ListDistributions");
    expect(d?.unreadable?.logging_config).toContain("cloudfront:GetDistributionConfig");
    for (const id of CF_RULES) expect(verdictsOf(findings, [id])[`${id} fail`]).toEqual([DISTRIBUTION]);
  }, 60000);

  it("AccessDenied on a list call: the types are unread and their rules unknown, naming the IAM action", async () => {
    const { findings, inv } = await scanAccount("compliant", { faults: { "cloudfront:ListDistributions": { kind: "AccessDenied" }, "logs:DescribeLogGroups": { kind: "AccessDenied", region: "us-east-1" } } });
    expect([...new Set(inv.unread.map((u) => `${u.action} ${u.region ?? "global"}`))].sort()).toEqual(["cloudfront:ListDistributions global", "logs:DescribeLogGroups us-east-1"]);
    expect(inv.resources.some((r) => r.type === "aws_cloudfront_distribution" || (r.type === "aws_cloudwatch_log_group" && r.region === "us-east-1"))).toBe(false);
    for (const id of [...CF_RULES, ...LOG_RULES]) {
      const fs = findings.filter((f) => f.ruleId === id && f.verdict !== "not_applicable");
      expect(fs.length).toBeGreaterThan(0);
      expect(fs.some((f) => f.verdict === "unknown" && JSON.stringify(f).includes(id.startsWith("CB-CF") ? "cloudfront:ListDistributions" : "logs:DescribeLogGroups"))).toBe(true);
    }
  }, 60000);
});

describe("local endpoint: S3 configurations and CloudFront in their own shapes", () => {
  let aws: AwsEndpoint;
  const cfg = (region = "us-east-1") => ({ endpoint: aws.url, region, credentials: TEST_CREDENTIALS });
  beforeAll(async () => {
    aws = await startAwsEndpoint({ account: loadAccount("broken"), pageSize: 1 });
  });
  afterAll(() => aws.stop());

  it("S3 sub-resource documents parse with the SDK (flattened lists, raw policy, empty logging status)", async () => {
    const s3 = new S3Client({ ...cfg(), forcePathStyle: true });
    const Bucket = "classboard-production-files";
    const lc = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }));
    expect(lc.Rules?.[0]).toMatchObject({ ID: "retention", Status: "Enabled", Transitions: [{ Days: 90, StorageClass: "STANDARD_IA" }], NoncurrentVersionExpiration: { NoncurrentDays: 90 } });
    const rep = await s3.send(new GetBucketReplicationCommand({ Bucket }));
    expect(rep.ReplicationConfiguration?.Rules?.[0]?.Destination?.Bucket).toBe("arn:aws:s3:::classboard-production-files-replica");
    const cors = await s3.send(new GetBucketCorsCommand({ Bucket }));
    expect(cors.CORSRules?.[0]?.AllowedOrigins).toEqual(["https://classboard.app", "*"]);
    expect(cors.CORSRules?.[0]?.AllowedMethods).toEqual(["GET", "HEAD", "PUT"]);
    expect(JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy ?? "{}").Statement).toHaveLength(1);
    expect((await s3.send(new GetBucketLoggingCommand({ Bucket: "classboard-production-audit-logs" }))).LoggingEnabled).toBeUndefined();
    const west = new S3Client({ ...cfg("us-west-2"), forcePathStyle: true });
    expect((await west.send(new GetPublicAccessBlockCommand({ Bucket: "classboard-production-replica-access-logs" }))).PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: false,
    });
    const missing = async (p: Promise<unknown>) => p.then(() => "answered", (e: { name: string; $metadata: { httpStatusCode?: number } }) => `${e.name} ${e.$metadata.httpStatusCode}`);
    expect(await missing(west.send(new GetPublicAccessBlockCommand({ Bucket: "classboard-production-files-replica" })))).toBe("NoSuchPublicAccessBlockConfiguration 404");
    expect(await missing(west.send(new GetBucketPolicyCommand({ Bucket: "classboard-production-replica-access-logs" })))).toBe("NoSuchBucketPolicy 404");
    expect(await missing(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: "classboard-production-audit-logs" })))).toBe("NoSuchLifecycleConfiguration 404");
    expect(await missing(s3.send(new GetBucketReplicationCommand({ Bucket: "classboard-production-audit-logs" })))).toBe("ReplicationConfigurationNotFoundError 404");
    expect(await missing(s3.send(new GetBucketCorsCommand({ Bucket: "classboard-production-audit-logs" })))).toBe("NoSuchCORSConfiguration 404");
  });

  it("CloudFront ListDistributions pages by Marker; GetDistributionConfig names each list entry as the model does", async () => {
    const cf = new CloudFrontClient(cfg());
    const list = await cf.send(new ListDistributionsCommand({ MaxItems: 10 }));
    expect(list.DistributionList).toMatchObject({ Quantity: 1, IsTruncated: false, MaxItems: 10 });
    const summary = list.DistributionList?.Items?.[0];
    expect(summary).toMatchObject({ Id: "E2CBFILESPROD1", PriceClass: "PriceClass_All", Aliases: { Quantity: 1, Items: ["files.classboard.app"] } });
    expect(summary?.LastModifiedTime).toBeInstanceOf(Date);
    const out = await cf.send(new GetDistributionConfigCommand({ Id: "E2CBFILESPROD1" }));
    const c = out.DistributionConfig;
    expect(c?.Origins?.Items?.[0]).toMatchObject({ Id: "files-s3", OriginAccessControlId: "", S3OriginConfig: { OriginAccessIdentity: "" } });
    expect(c?.DefaultCacheBehavior?.AllowedMethods).toMatchObject({ Quantity: 3, Items: ["GET", "HEAD", "OPTIONS"], CachedMethods: { Items: ["GET", "HEAD"] } });
    expect(c?.CacheBehaviors?.Items?.[0]).toMatchObject({ PathPattern: "/reports/*", ViewerProtocolPolicy: "allow-all" });
    expect(c?.Logging).toEqual({ Enabled: true, IncludeCookies: false, Bucket: "classboard-production-access-logs.s3.amazonaws.com", Prefix: "cloudfront/files/" });
    expect(c?.ViewerCertificate).toMatchObject({ CloudFrontDefaultCertificate: false, MinimumProtocolVersion: "TLSv1.2_2021" });
    const err = await cf.send(new GetDistributionConfigCommand({ Id: "ENOSUCHDIST000" })).then(() => undefined, (e: Error) => e.name);
    expect(err).toBe("NoSuchDistribution");
    const bad = await cf.send(new ListDistributionsCommand({ Marker: "not-a-marker" })).then(() => undefined, (e: Error) => e.name);
    expect(bad).toBe("InvalidArgument");
    expect(aws.calls.filter((x) => x.service === "cloudfront").map((x) => x.region)).toEqual(["us-east-1", "us-east-1", "us-east-1", "us-east-1"]);
  });
});
