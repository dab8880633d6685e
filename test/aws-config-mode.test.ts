/**
 * Config mode against the local endpoint: the same resources and verdicts as the direct APIs, with
 * the rows Config stands in for answered by paged Select calls only; an organization through one
 * aggregator; a denied Select or an unrecorded type read directly, with a note.
 */
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { describe, expect, it } from "vitest";
import { createEngine } from "../src/engine/index.js";
import type { Inventory, Resource } from "../src/model/resource.js";
import { collectAccount, type AccountInventory, type CollectOptions } from "../src/sources/aws/collect.js";
import { collectViaConfig, selectExpression, viaAggregator } from "../src/sources/aws/config-mode.js";
import { backupPlan } from "../src/sources/aws/config/backup.js";
import { eventsRule, eventsTargets, secret } from "../src/sources/aws/config/cfn.js";
import { iamPolicy } from "../src/sources/aws/config/iam.js";
import { s3Bucket } from "../src/sources/aws/config/s3.js";
import { CONFIG_TYPES, configTypeFor } from "../src/sources/aws/config/types.js";
import { COLLECTORS } from "../src/sources/aws/rows.js";
import { scanAws } from "../src/sources/aws/scan.js";
import { loadAccount, type AccountSnapshot, type ApiObject } from "./aws-endpoint/account.js";
import { startAwsEndpoint, type AwsEndpoint, type Faults } from "./aws-endpoint/server.js";
import { ACCOUNT, REGIONS, TEST_CREDENTIALS, scanEndpoint } from "./helpers/aws.js";

const engine = createEngine();
const MEMBER = "210987654321";
const fast = () => ({ credentials: TEST_CREDENTIALS, retryStrategy: new ConfiguredRetryStrategy(4, 5) });

function settings(aws: AwsEndpoint): CollectOptions {
  return { ...fast(), endpoint: aws.url, account: ACCOUNT, regions: REGIONS };
}

/** `rule address` → verdict, for every finding of one account. */
function verdicts(inv: Inventory): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of engine.scan(inv).findings) out[`${f.ruleId} ${f.resource.address}`] = f.verdict;
  return out;
}

/** The resource types of the rows Config stands in for (others, like backup times relative to now, may drift between scans). */
const MAPPED = new Set(COLLECTORS.filter((r) => configTypeFor(r)).flatMap((r) => r.types));

/** What the rules read of the resources Config gives. */
function shapes(inv: Inventory): unknown[] {
  return inv.resources.filter((r) => MAPPED.has(r.type)).map((r: Resource) => ({ address: r.address, type: r.type, region: r.region, account: r.account, values: r.values, unreadable: r.unreadable }));
}

/** Rows that list their parents themselves (a page of topics, then each topic's subscriptions): the parents' list call. */
const PARENT_LISTS: Record<string, string> = { "events:ListTargetsByRule": "events:ListRules" };

/**
 * Calls Config answers in Config mode: the mapped rows' list (and region) calls, and the detail calls
 * it carries; not a parent list a direct row still makes.
 */
function answeredByConfig(): Set<string> {
  const out = new Set<string>();
  const stillCalled = new Set<string>();
  for (const row of COLLECTORS) {
    const t = configTypeFor(row);
    for (const d of Object.values(row.details ?? {})) (t?.details?.[d.operation] ? out : stillCalled).add(`${row.service}:${d.operation}`);
    const parent = PARENT_LISTS[`${row.service}:${row.operation}`];
    if (!t && parent) stillCalled.add(parent);
    if (!t) continue;
    out.add(`${row.service}:${row.operation}`);
    if (row.regionOf) out.add(`${row.service}:${row.regionOf.operation}`);
  }
  for (const c of stillCalled) out.delete(c);
  return out;
}

async function withEndpoint<T>(account: AccountSnapshot, f: (aws: AwsEndpoint) => Promise<T>, extra: { faults?: Faults; others?: AccountSnapshot[] } = {}): Promise<T> {
  const aws = await startAwsEndpoint({ account, ...extra });
  try {
    return await f(aws);
  } finally {
    await aws.stop();
  }
}

/** The account with its us-east-1 recorder, recording, in every region scanned. */
function recordingEverywhere(account: AccountSnapshot): AccountSnapshot {
  const config = structuredClone(account.services.config) as { regions: Record<string, { ConfigurationRecorders: ApiObject[]; ConfigurationRecordersStatus: ApiObject[] }> };
  const east = config.regions["us-east-1"] as { ConfigurationRecorders: ApiObject[]; ConfigurationRecordersStatus: ApiObject[] };
  for (const s of east.ConfigurationRecordersStatus) s.recording = true;
  for (const r of REGIONS) config.regions[r] = structuredClone(east);
  return { ...account, services: { ...account.services, config } };
}

/**
 * The direct calls a Config-mode scan of the compliant account still makes when everything is
 * recorded (direct mode: 143): the types and details Config has no item or field for (log groups,
 * user pools, Lambda, CloudFront, vaults, backup jobs, budgets, dashboards, schedules, SNS
 * subscriptions, parameter groups, recorders, KMS rotation, trail status and selectors).
 */
const DIRECT_CALLS_LEFT = 38;

const selects = (aws: AwsEndpoint, action = "SelectResourceConfig") => aws.calls.filter((c) => c.service === "config" && c.action === action);

/** Runs direct mode, then Config mode, on one endpoint: both inventories and the calls Config mode made. */
async function bothModes(aws: AwsEndpoint) {
  const direct = (await scanEndpoint(aws)).inv;
  const before = aws.calls.length;
  const viaConfig = await collectViaConfig(settings(aws));
  return { direct, viaConfig, calls: aws.calls.slice(before), directCalls: aws.calls.slice(0, before) };
}

describe("Config mode, one account", () => {
  it("the rows Config stands in for are real rows of the table", () => {
    for (const t of CONFIG_TYPES) expect(COLLECTORS.some((r) => r.service === t.service && r.operation === t.operation), t.resourceType).toBe(true);
  });

  it("recorded in every region: the same resources and verdicts as direct mode from Select calls alone", async () => {
    await withEndpoint(recordingEverywhere(loadAccount("compliant")), async (aws) => {
      const { direct, viaConfig, calls, directCalls } = await bothModes(aws);
      expect(shapes(viaConfig)).toEqual(shapes(direct));
      expect(verdicts(viaConfig)).toEqual(verdicts(direct));
      expect(Object.values(verdicts(viaConfig))).toContain("pass");
      expect(viaConfig.unread).toEqual(direct.unread);
      expect(viaConfig.notes ?? []).toEqual(direct.notes ?? []);

      const answered = answeredByConfig();
      for (const c of [
        "rds:DescribeDBInstances", "rds:DescribeDBClusters", "ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeFlowLogs",
        "s3:ListBuckets", "s3:GetBucketLocation", "s3:GetBucketEncryption", "s3:GetBucketReplication", "kms:ListKeys", "kms:DescribeKey",
        "iam:ListPolicies", "iam:GetPolicyVersion", "iam:ListRoles", "iam:ListRolePolicies", "iam:GetRolePolicy", "cloudtrail:DescribeTrails",
        "monitoring:DescribeAlarms", "events:ListRules", "events:ListTargetsByRule", "secretsmanager:ListSecrets",
        "backup:ListBackupPlans", "backup:GetBackupPlan", "backup:ListBackupSelections", "backup:GetBackupSelection",
      ]) expect(answered).toContain(c);
      const made = calls.map((c) => `${c.service}:${c.action}`);
      expect(made.filter((c) => answered.has(c))).toEqual([]);
      // What the items lack is still asked for: the KMS rotation period, a trail's status and selectors.
      for (const c of ["kms:GetKeyRotationStatus", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors", "lambda:ListFunctions", "backup:ListBackupVaults"]) expect(made).toContain(c);
      // The topics come from Config; their subscriptions from one account-wide listing a region.
      const sns = (cs: { service: string; action: string }[]) => cs.filter((c) => c.service === "sns").map((c) => c.action).sort();
      expect(sns(calls)).toEqual(["ListSubscriptions", "ListSubscriptions"]);
      expect(sns(directCalls)).toEqual(["ListSubscriptions", "ListSubscriptions", "ListTopics", "ListTopics"]);
      // The Select calls, and the direct calls left beside them (the compliant account, both regions).
      const notSelect = (cs: { action: string }[]) => cs.filter((c) => !c.action.startsWith("Select")).length;
      expect({ selects: selects(aws).length, direct: notSelect(calls) }).toEqual({ selects: 2, direct: DIRECT_CALLS_LEFT });
      expect(notSelect(calls)).toBeLessThan(notSelect(directCalls) / 3);
      // One query a region (every recorded type in it, fewer than 100 items each).
      expect(selects(aws).map((c) => c.region).sort()).toEqual([...REGIONS].sort());
      // Counted with the direct part's own Config calls (the recorder status row).
      const own = direct.stats.config?.calls ?? 0;
      expect(viaConfig.stats.config).toEqual({ calls: own + 2, failed: 0 });
      expect(viaConfig.apiCalls?.config).toBe(own + 2);
      for (const c of calls) expect(c.action, `${c.service}:${c.action}`).toMatch(/^(Describe|List|Get|Select)/);
    });
  }, 60_000);

  it("compliant (a recorder in us-east-1 only): Config there, the direct APIs in us-west-2 and for S3, the same verdicts", async () => {
    await withEndpoint(loadAccount("compliant"), async (aws) => {
      const { direct, viaConfig, calls } = await bothModes(aws);
      expect(shapes(viaConfig)).toEqual(shapes(direct));
      expect(verdicts(viaConfig)).toEqual(verdicts(direct));
      const made = (region: string) => calls.filter((c) => c.region === region).map((c) => `${c.service}:${c.action}`);
      expect(made("us-east-1")).not.toContain("rds:DescribeDBInstances");
      expect(made("us-east-1")).not.toContain("ec2:DescribeSecurityGroups");
      expect(made("us-west-2")).toContain("rds:DescribeDBInstances");
      expect(made("us-west-2")).toContain("ec2:DescribeSecurityGroups");
      expect(made("us-east-1")).toContain("s3:ListBuckets");
      expect(viaConfig.notes).toEqual(expect.arrayContaining([
        "123456789012: AWS Config does not record AWS::RDS::DBInstance in us-west-2, so it was read from the direct APIs there",
        "123456789012: AWS Config does not record AWS::S3::Bucket in us-west-2, so it was read from the direct APIs",
      ]));
    });
  }, 60_000);

  it("broken (its recorder stopped): everything from the direct APIs, the same findings, a note a type", async () => {
    await withEndpoint(loadAccount("broken"), async (aws) => {
      const { direct, viaConfig, calls } = await bothModes(aws);
      expect(shapes(viaConfig)).toEqual(shapes(direct));
      expect(verdicts(viaConfig)).toEqual(verdicts(direct));
      expect(Object.values(verdicts(viaConfig))).toContain("fail");
      expect(calls.map((c) => `${c.service}:${c.action}`)).toEqual(expect.arrayContaining(["rds:DescribeDBInstances", "ec2:DescribeSecurityGroups", "s3:ListBuckets"]));
      for (const t of CONFIG_TYPES) expect(viaConfig.notes).toContain(`123456789012: AWS Config does not record ${t.resourceType} in us-east-1, us-west-2, so it was read from the direct APIs`);
    });
  }, 60_000);

  it("pages at 100 items: 250 security groups in us-east-1 take 3 calls there, and all are read", async () => {
    const account = recordingEverywhere(loadAccount("compliant"));
    const ec2 = account.services.ec2 as { regions: Record<string, { SecurityGroups: ApiObject[] }> };
    const east = ec2.regions["us-east-1"] as { SecurityGroups: ApiObject[] };
    const template = east.SecurityGroups[0] as ApiObject;
    for (let i = 0; i < 250; i++) east.SecurityGroups.push({ ...template, GroupId: `sg-${(0x1000 + i).toString(16).padStart(17, "0")}`, GroupName: `generated-${i}`, SecurityGroupArn: undefined });
    await withEndpoint(account, async (aws) => {
      const { direct, viaConfig, calls } = await bothModes(aws);
      expect(viaConfig.resources.filter((r) => r.type === "aws_security_group").length).toBeGreaterThan(250);
      expect(shapes(viaConfig)).toEqual(shapes(direct));
      expect(verdicts(viaConfig)).toEqual(verdicts(direct));
      expect(calls.filter((c) => c.action === "DescribeSecurityGroups")).toEqual([]);

      // Per region: no more calls than ceil(items of each recorded type / 100), summed over the types.
      const perType = (region: string) => {
        const n = new Map<string, number>([["AWS::Config::ConfigurationRecorder", 1]]);
        // Each item is its row's first resource type (a bucket, a route table: one each).
        const typeOf = new Map(COLLECTORS.flatMap((row) => (configTypeFor(row) && row.types[0] ? [[row.types[0], configTypeFor(row)?.resourceType]] : [])));
        for (const r of viaConfig.resources) {
          const t = r.region === region ? typeOf.get(r.type) : undefined;
          if (t) n.set(t, (n.get(t) ?? 0) + 1);
        }
        return [...n.values()].reduce((s, k) => s + Math.ceil(k / 100), 0);
      };
      for (const region of REGIONS) {
        const made = selects(aws).filter((c) => c.region === region).length;
        expect(made, region).toBeLessThanOrEqual(perType(region));
      }
      expect(selects(aws).filter((c) => c.region === "us-east-1").length).toBe(3);
    });
  }, 60_000);

  it("AccessDenied on SelectResourceConfig: the mapped types are read directly, with a note naming the action", async () => {
    await withEndpoint(recordingEverywhere(loadAccount("broken")), async (aws) => {
      const { direct, viaConfig, calls } = await bothModes(aws);
      expect(verdicts(viaConfig)).toEqual(verdicts(direct));
      const note = viaConfig.notes?.find((n) => n.includes("AWS Config not read")) ?? "";
      expect(note).toMatch(/^123456789012: AWS Config not read \(us-(east-1|west-2): AccessDeniedException: the scan may not call config:SelectResourceConfig\), so .* were read from the direct APIs$/);
      for (const t of CONFIG_TYPES) expect(note).toContain(t.resourceType);
      const made = calls.map((c) => `${c.service}:${c.action}`);
      expect(made).toContain("rds:DescribeDBInstances");
      expect(made).toContain("s3:ListBuckets");
      expect(viaConfig.stats.config?.failed).toBeGreaterThan(0);
    }, { faults: { "config:SelectResourceConfig": { kind: "AccessDenied" } } });
  }, 60_000);

  it("a type the recorder does not record is read directly (never taken as absent)", async () => {
    const account = { ...loadAccount("broken"), configRecords: ["AWS::RDS::DBInstance"] };
    await withEndpoint(account, async (aws) => {
      const { direct, viaConfig, calls } = await bothModes(aws);
      expect(shapes(viaConfig)).toEqual(shapes(direct));
      expect(verdicts(viaConfig)).toEqual(verdicts(direct));
      const made = calls.map((c) => `${c.service}:${c.action}`);
      expect(made).not.toContain("rds:DescribeDBInstances");
      expect(made).toContain("ec2:DescribeSecurityGroups");
      expect(made).toContain("s3:ListBuckets");
      expect(viaConfig.notes).toEqual(expect.arrayContaining([
        "123456789012: AWS Config does not record AWS::EC2::SecurityGroup in us-east-1, us-west-2, so it was read from the direct APIs",
        "123456789012: AWS Config does not record AWS::S3::Bucket in us-east-1, us-west-2, so it was read from the direct APIs",
      ]));
    });
  }, 60_000);
});

describe("Config mode, a type another reads", () => {
  it("backup plans recorded, their selections not: the plans from Config, the selections from the API, the same verdicts", async () => {
    const account = { ...loadAccount("broken"), configRecords: ["AWS::Backup::BackupPlan"] };
    await withEndpoint(account, async (aws) => {
      const { direct, viaConfig, calls } = await bothModes(aws);
      expect(shapes(viaConfig)).toEqual(shapes(direct));
      expect(verdicts(viaConfig)).toEqual(verdicts(direct));
      expect(viaConfig.resources.some((r) => r.type === "aws_backup_selected_resource")).toBe(true);
      const made = calls.map((c) => `${c.service}:${c.action}`);
      expect(made).not.toContain("backup:ListBackupPlans");
      expect(made).not.toContain("backup:GetBackupPlan");
      expect(made).toContain("backup:ListBackupSelections");
      expect(made).toContain("backup:GetBackupSelection");
    });
  }, 60_000);
});

describe("Config mode, an organization through an aggregator", () => {
  const org = () => ({ account: recordingEverywhere(loadAccount("compliant")), others: [recordingEverywhere(loadAccount("broken", { accountId: MEMBER, assumableRoles: ["cbguard-readonly"] }))] });

  /** Scans the organization (the caller's account and the member, by role) with `collect`, keeping each account's inventory. */
  async function scanOrg(aws: AwsEndpoint, collect: (o: CollectOptions) => Promise<AccountInventory>): Promise<Map<string, AccountInventory>> {
    const parts = new Map<string, AccountInventory>();
    await scanAws({
      ...fast(),
      endpoint: aws.url,
      regions: REGIONS.join(","),
      orgRoleName: "cbguard-readonly",
      tool: "test",
      collect: async (o) => {
        const inv = await collect(o);
        parts.set(o.account, inv);
        return inv;
      },
    });
    return parts;
  }

  it("one paged SelectAggregateResourceConfig for both accounts and regions: each account judged as directly", async () => {
    const { account, others } = org();
    await withEndpoint(account, async (aws) => {
      const direct = await scanOrg(aws, collectAccount);
      const before = aws.calls.length;
      const viaConfig = await scanOrg(aws, viaAggregator({ ...fast(), endpoint: aws.url, name: "org-aggregator" }));
      const calls = aws.calls.slice(before);

      expect([...viaConfig.keys()].sort()).toEqual([MEMBER, ACCOUNT].sort());
      for (const [id, inv] of viaConfig) {
        const d = direct.get(id) as AccountInventory;
        expect(shapes(inv), id).toEqual(shapes(d));
        expect(verdicts(inv), id).toEqual(verdicts(d));
        expect(new Set(inv.resources.filter((r) => r.region).map((r) => `${r.account} ${r.region}`)), id).toEqual(new Set([`${id} us-east-1`, `${id} us-west-2`]));
      }
      // The member is the broken account, the caller the compliant one.
      expect(Object.values(verdicts(viaConfig.get(MEMBER) as AccountInventory))).toContain("fail");
      expect(Object.values(verdicts(viaConfig.get(ACCOUNT) as AccountInventory))).not.toContain("fail");

      // One query, paged at 100 items: every page from the caller's account, in us-east-1.
      const pages = selects(aws, "SelectAggregateResourceConfig");
      expect(new Set(pages.map((c) => `${c.account} ${c.region}`))).toEqual(new Set([`${ACCOUNT} us-east-1`]));
      expect(selects(aws)).toEqual([]);
      const answered = answeredByConfig();
      expect(calls.filter((c) => answered.has(`${c.service}:${c.action}`)).map((c) => `${c.account} ${c.service}:${c.action}`)).toEqual([]);
      const configCalls = (m: Map<string, AccountInventory>) => [...m.values()].reduce((n, inv) => n + (inv.stats.config?.calls ?? 0), 0);
      expect(configCalls(viaConfig)).toBe(configCalls(direct) + pages.length);
    }, { others });
  }, 60_000);

  it("an aggregator that does not exist: every account read directly, with a note each", async () => {
    const { account, others } = org();
    await withEndpoint({ ...account, configAggregators: ["org-aggregator"] } as AccountSnapshot, async (aws) => {
      const direct = await scanOrg(aws, collectAccount);
      const viaConfig = await scanOrg(aws, viaAggregator({ ...fast(), endpoint: aws.url, name: "typo" }));
      for (const [id, inv] of viaConfig) {
        expect(verdicts(inv), id).toEqual(verdicts(direct.get(id) as AccountInventory));
        expect(inv.notes, id).toContainEqual(expect.stringMatching(new RegExp(`^${id}: AWS Config not read \\(NoSuchConfigurationAggregatorException calling config:SelectAggregateResourceConfig: .*typo.*\\), so AWS::`)));
      }
      expect(viaConfig.size).toBe(2);
    }, { others });
  }, 60_000);
});

describe("the Select endpoint and the converters", () => {
  it("answers Results as JSON strings with QueryInfo, and refuses SQL it does not implement with InvalidExpressionException", async () => {
    await withEndpoint(loadAccount("compliant"), async (aws) => {
      const { ConfigServiceClient, SelectResourceConfigCommand } = await import("@aws-sdk/client-config-service");
      const client = new ConfigServiceClient({ ...fast(), endpoint: aws.url, region: "us-east-1" });
      const out = await client.send(new SelectResourceConfigCommand({ Expression: "SELECT resourceId, configuration WHERE resourceType = 'AWS::RDS::DBInstance'", Limit: 100 }));
      expect(out.QueryInfo?.SelectFields).toEqual([{ Name: "resourceId" }, { Name: "configuration" }]);
      const first = JSON.parse(out.Results?.[0] ?? "{}") as { resourceId?: string; configuration?: Record<string, unknown> };
      expect(first.configuration?.dBInstanceIdentifier).toBe("classboard-production-db");
      expect(first.configuration).toHaveProperty("multiAZ", true);
      for (const bad of ["SELECT * WHERE resourceType = 'AWS::S3::Bucket'", "SELECT resourceId WHERE resourceType LIKE 'AWS::%'", "SELECT resourceId ORDER BY resourceId"]) {
        await expect(client.send(new SelectResourceConfigCommand({ Expression: bad })), bad).rejects.toMatchObject({ name: "InvalidExpressionException" });
      }
      await expect(client.send(new SelectResourceConfigCommand({ Expression: selectExpression(["AWS::S3::Bucket"]), Limit: 101 }))).rejects.toThrow();
    });
  }, 30_000);

  it("reads an S3 item as configuration history gives it (supplementary values as JSON strings)", () => {
    const ci = {
      resourceType: "AWS::S3::Bucket",
      resourceId: "example-bucket",
      resourceName: "example-bucket",
      awsRegion: "us-west-2",
      accountId: ACCOUNT,
      configuration: { name: "example-bucket", owner: { displayName: null, id: "abc" }, creationDate: "2024-01-01T00:00:00.000Z" },
      supplementaryConfiguration: {
        BucketVersioningConfiguration: '{"status":"Off"}',
        ServerSideEncryptionConfiguration: '{"rules":[{"applyServerSideEncryptionByDefault":{"sseAlgorithm":"AES256","kmsMasterKeyID":null},"bucketKeyEnabled":false}]}',
        BucketLifecycleConfiguration: '{"rules":[{"id":"expire","status":"Enabled","filter":{"predicate":{"type":"LifecyclePrefixPredicate","prefix":"logs/"}},"expirationInDays":90,"expiredObjectDeleteMarker":false,"noncurrentVersionExpirationInDays":-1,"transitions":[{"days":30,"storageClass":"GLACIER"}]}]}',
        BucketReplicationConfiguration: '{"roleARN":"arn:aws:iam::123456789012:role/replication","rules":{"to-dr":{"prefix":"","status":"Enabled","destinationConfig":{"bucketARN":"arn:aws:s3:::dr-bucket","storageClass":"STANDARD"}}}}',
        BucketLoggingConfiguration: '{"destinationBucketName":null,"logFilePrefix":null}',
      },
    };
    const d = s3Bucket.details ?? {};
    expect(s3Bucket.items(ci)).toEqual([{ Name: "example-bucket", CreationDate: "2024-01-01T00:00:00.000Z", BucketRegion: "us-west-2" }]);
    expect(d.GetBucketVersioning?.(ci)).toEqual({ value: {} });
    expect(d.GetBucketEncryption?.(ci)).toEqual({ value: { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: false }] } } });
    expect(d.GetBucketLifecycleConfiguration?.(ci)).toEqual({ value: { Rules: [{ ID: "expire", Status: "Enabled", Filter: { Prefix: "logs/" }, Expiration: { Days: 90 }, Transitions: [{ Days: 30, StorageClass: "GLACIER" }] }] } });
    expect(d.GetBucketReplication?.(ci)).toEqual({ value: { ReplicationConfiguration: { Role: "arn:aws:iam::123456789012:role/replication", Rules: [{ ID: "to-dr", Prefix: "", Status: "Enabled", Destination: { Bucket: "arn:aws:s3:::dr-bucket", StorageClass: "STANDARD" } }] } } });
    expect(d.GetBucketLogging?.(ci)).toEqual({ value: {} });
    expect(d.GetPublicAccessBlock?.(ci)).toEqual({ notConfigured: "NoSuchPublicAccessBlockConfiguration" });
    expect(d.GetBucketPolicy?.(ci)).toEqual({ notConfigured: "NoSuchBucketPolicy" });
    expect(d.GetBucketCors?.(ci)).toEqual({ notConfigured: "NoSuchCORSConfiguration" });
  });

  const ci = (resourceType: string, configuration: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ resourceType, resourceId: "id-1", awsRegion: "us-east-1", accountId: ACCOUNT, configuration, ...extra });
  const typeOf = (resourceType: string, operation: string) => CONFIG_TYPES.find((t) => t.resourceType === resourceType && t.operation === operation);

  it("reads the Jackson-spelt types back in the API's names (a DB cluster, an alarm)", () => {
    const cluster = ci("AWS::RDS::DBCluster", {
      dbclusterIdentifier: "aurora-1", dbclusterArn: "arn:aws:rds:us-east-1:123456789012:cluster:aurora-1", dbClusterResourceId: "cluster-ABC", dbsubnetGroup: "db-subnets",
      dbclusterParameterGroup: "pg", availabilityZones: [{ value: "us-east-1a" }, { value: "us-east-1b" }], dbclusterMembers: [{ dbinstanceIdentifier: "aurora-1-a", isClusterWriter: true }],
      iamdatabaseAuthenticationEnabled: false, multiAZ: true, storageEncrypted: true, masterUserSecret: { secretArn: "arn:s", secretStatus: "active", kmsKeyId: null },
    });
    expect(typeOf("AWS::RDS::DBCluster", "DescribeDBClusters")?.items(cluster)).toEqual([{
      DBClusterIdentifier: "aurora-1", DBClusterArn: "arn:aws:rds:us-east-1:123456789012:cluster:aurora-1", DbClusterResourceId: "cluster-ABC", DBSubnetGroup: "db-subnets",
      DBClusterParameterGroup: "pg", AvailabilityZones: ["us-east-1a", "us-east-1b"], DBClusterMembers: [{ DBInstanceIdentifier: "aurora-1-a", IsClusterWriter: true }],
      IAMDatabaseAuthenticationEnabled: false, MultiAZ: true, StorageEncrypted: true, MasterUserSecret: { SecretArn: "arn:s", SecretStatus: "active" },
    }]);
    const alarm = ci("AWS::CloudWatch::Alarm", { alarmName: "cpu", okactions: ["arn:ok"], alarmActions: ["arn:alarm"], dimensions: [{ name: "DBInstanceIdentifier", value: "db" }] }, { arn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu" });
    expect(typeOf("AWS::CloudWatch::Alarm", "DescribeAlarms")?.items(alarm)).toEqual([{ AlarmName: "cpu", OKActions: ["arn:ok"], AlarmActions: ["arn:alarm"], Dimensions: [{ Name: "DBInstanceIdentifier", Value: "db" }], AlarmArn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu" }]);
  });

  it("reads the CloudFormation-model types: a rule's pattern as text and its targets, other buses and deleted secrets left out", () => {
    const rule = ci("AWS::Events::Rule", { Name: "on-upload", Arn: "arn:aws:events:us-east-1:123456789012:rule/on-upload", EventBusName: "default", State: "ENABLED", EventPattern: { source: ["aws.s3"] }, Targets: [{ Id: "t1", Arn: "arn:aws:lambda:us-east-1:123456789012:function:f" }] });
    const expected = { Name: "on-upload", Arn: "arn:aws:events:us-east-1:123456789012:rule/on-upload", EventBusName: "default", State: "ENABLED", EventPattern: '{"source":["aws.s3"]}' };
    expect(eventsRule.items(rule)).toEqual([expected]);
    expect(eventsTargets.items(rule)).toEqual([{ rule: expected, target: { Id: "t1", Arn: "arn:aws:lambda:us-east-1:123456789012:function:f" } }]);
    const custom = ci("AWS::Events::Rule", { Name: "x", EventBusName: "orders", Targets: [{ Id: "t" }] });
    expect([...eventsRule.items(custom), ...eventsTargets.items(custom)]).toEqual([]);
    const s = ci("AWS::SecretsManager::Secret", { ARN: "arn:s", Name: "n", KMSKeyId: "arn:k", RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30, RotationDuration: "2h" }, Deleted: false });
    expect(secret.items(s)).toEqual([{ ARN: "arn:s", Name: "n", KmsKeyId: "arn:k", RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30, Duration: "2h" } }]);
    expect(secret.items(ci("AWS::SecretsManager::Secret", { ARN: "arn:s", Name: "n", Deleted: true }))).toEqual([]);
  });

  it("a detail the item does not carry is left to the API (no policy documents; selections not recorded)", () => {
    const policy = ci("AWS::IAM::Policy", { policyName: "p", arn: "arn:aws:iam::123456789012:policy/p", defaultVersionId: "v2" });
    expect(iamPolicy.details?.GetPolicyVersion?.(policy)).toBeUndefined();
    const withDocs = { ...policy, configuration: { ...policy.configuration, policyVersionList: [{ versionId: "v1", isDefaultVersion: false, document: "%7B%7D" }, { versionId: "v2", isDefaultVersion: true, document: "%7B%22a%22%7D" }] } };
    expect(iamPolicy.details?.GetPolicyVersion?.(withDocs)).toEqual({ value: { PolicyVersion: { Document: "%7B%22a%22%7D", VersionId: "v2", IsDefaultVersion: true } } });
    const plan = ci("AWS::Backup::BackupPlan", { BackupPlanId: "plan-1", BackupPlan: { BackupPlanName: "daily", BackupPlanRule: [{ RuleName: "r", TargetBackupVault: "vault" }] } });
    expect(backupPlan.details?.GetBackupPlan?.(plan)).toEqual({ value: { BackupPlanId: "plan-1", BackupPlan: { BackupPlanName: "daily", Rules: [{ RuleName: "r", TargetBackupVaultName: "vault" }] } } });
    expect(backupPlan.details?.ListBackupSelections?.(plan, undefined)).toBeUndefined();
    const selection = ci("AWS::Backup::BackupSelection", { BackupPlanId: "plan-1", SelectionId: "sel-1", BackupSelection: { SelectionName: "db", IamRoleArn: "arn:r", Resources: ["arn:db"] } });
    const other = ci("AWS::Backup::BackupSelection", { BackupPlanId: "plan-2", SelectionId: "sel-2", BackupSelection: { SelectionName: "x" } });
    expect(backupPlan.details?.ListBackupSelections?.(plan, [selection, other])).toEqual({ value: [{ SelectionId: "sel-1", SelectionName: "db", BackupPlanId: "plan-1", IamRoleArn: "arn:r" }] });
    expect(backupPlan.details?.GetBackupSelection?.(plan, [])).toEqual({ value: [] });
  });
});
