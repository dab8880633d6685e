import { CloudWatchLogsClient, DescribeLogGroupsCommand, paginateDescribeLogGroups } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeSecurityGroupsCommand, EC2Client, paginateDescribeSecurityGroups } from "@aws-sdk/client-ec2";
import { DescribeDBInstancesCommand, RDSClient, paginateDescribeDBInstances, type DBInstance } from "@aws-sdk/client-rds";
import { GetBucketEncryptionCommand, GetBucketLocationCommand, GetBucketVersioningCommand, ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadAccount } from "./aws-endpoint/account.js";
import { startAwsEndpoint, type AwsEndpoint } from "./aws-endpoint/server.js";

const credentials = { accessKeyId: "AKIDTESTENDPOINT0000", secretAccessKey: "test-endpoint-secret-not-a-real-key" };

/** Any error the SDK throws, with the fields a collector reads. */
interface SdkError {
  name: string;
  message: string;
  $metadata: { httpStatusCode?: number; attempts?: number };
}

async function rejection(p: Promise<unknown>): Promise<SdkError> {
  try {
    await p;
  } catch (e) {
    return e as SdkError;
  }
  throw new Error("expected the call to fail");
}

/** Fast retries for tests: `attempts` in all, 10 ms apart. */
const fastRetries = (attempts: number) => ({ retryStrategy: new ConfiguredRetryStrategy(attempts, 10) });

describe("local AWS endpoint: compliant account", () => {
  let aws: AwsEndpoint;
  const cfg = (region = "us-east-1") => ({ endpoint: aws.url, region, credentials });
  beforeAll(async () => {
    aws = await startAwsEndpoint({ account: loadAccount("compliant"), pageSize: 1 });
  });
  afterAll(() => aws.stop());
  afterEach(() => {
    aws.calls.length = 0;
  });

  it("listens on 127.0.0.1 only", () => {
    expect(aws.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("sts GetCallerIdentity (query protocol, GetCallerIdentityResult wrapper)", async () => {
    const out = await new STSClient(cfg()).send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe("123456789012");
    expect(out.Arn).toBe("arn:aws:sts::123456789012:assumed-role/cbguard-readonly/nightly");
    expect(aws.calls).toEqual([{ account: "123456789012", service: "sts", action: "GetCallerIdentity", region: "us-east-1", status: 200 }]);
  });

  it("honours AWS_ENDPOINT_URL for a client given no endpoint", async () => {
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = aws.url;
    try {
      const out = await new STSClient({ region: "us-west-2", credentials }).send(new GetCallerIdentityCommand({}));
      expect(out.Account).toBe("123456789012");
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    }
    expect(aws.calls).toEqual([{ account: "123456789012", service: "sts", action: "GetCallerIdentity", region: "us-west-2", status: 200 }]);
  });

  it("rds DescribeDBInstances pages with Marker and parses nested members", async () => {
    // The compliant account has a single instance (nothing to page): the broken one has two, one a page.
    const two = await startAwsEndpoint({ account: loadAccount("broken"), pageSize: 1 });
    try {
      const client = new RDSClient({ endpoint: two.url, region: "us-east-1", credentials });
      const first = await client.send(new DescribeDBInstancesCommand({ MaxRecords: 20 }));
      expect(first.DBInstances?.map((d) => d.DBInstanceIdentifier)).toEqual(["classboard-production-db"]);
      expect(first.Marker).toEqual(expect.any(String));

      const paged: DBInstance[] = [];
      for await (const page of paginateDescribeDBInstances({ client }, { MaxRecords: 20 })) paged.push(...(page.DBInstances ?? []));
      expect(paged.map((d) => d.DBInstanceIdentifier)).toEqual(["classboard-production-db", "classboard-production-reports"]);
      const reports = paged[1];
      expect(reports?.Endpoint?.Port).toBe(3306);
      expect(reports?.VpcSecurityGroups?.[0]?.VpcSecurityGroupId).toBe("sg-0f7e1d2c3b4a59687");
      expect(reports?.DBParameterGroups?.[0]?.DBParameterGroupName).toBe("default.mysql8.0");
      expect(reports?.InstanceCreateTime).toEqual(new Date("2026-09-18T14:02:07.338Z"));
      // 1 direct call + 2 pages
      expect(two.calls.filter((c) => c.action === "DescribeDBInstances")).toHaveLength(3);
    } finally {
      await two.stop();
    }

    const dbs: DBInstance[] = [];
    for await (const page of paginateDescribeDBInstances({ client: new RDSClient(cfg()) }, { MaxRecords: 20 })) dbs.push(...(page.DBInstances ?? []));
    expect(dbs.map((d) => d.DBInstanceIdentifier)).toEqual(["classboard-production-db"]);
    const prod = dbs[0];
    expect(prod?.MultiAZ).toBe(true);
    expect(prod?.BackupRetentionPeriod).toBe(30);
    expect(prod?.StorageEncrypted).toBe(true);
    expect(prod?.KmsKeyId).toBe("arn:aws:kms:us-east-1:123456789012:key/0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e");
    expect(prod?.InstanceCreateTime).toEqual(new Date("2026-03-02T10:24:51.412Z"));
    expect(prod?.Endpoint?.Port).toBe(5432);
    expect(prod?.VpcSecurityGroups?.[0]?.VpcSecurityGroupId).toBe("sg-0c1a55b0a4d0000d1");
    expect(prod?.DBSubnetGroup?.Subnets?.map((s) => s.SubnetAvailabilityZone?.Name)).toEqual(["us-east-1a", "us-east-1b"]);
    expect(prod?.MasterUserSecret?.SecretStatus).toBe("active");
    expect(prod?.TagList).toContainEqual({ Key: "Environment", Value: "production" });
    expect(prod?.EnabledCloudwatchLogsExports).toEqual(["postgresql"]);
    // one instance: a single page, no Marker
    expect(aws.calls.filter((c) => c.action === "DescribeDBInstances")).toHaveLength(1);
  });

  it("rds answers per region and rejects MaxRecords below 20 as RDS does", async () => {
    const east = await new RDSClient(cfg()).send(new DescribeDBInstancesCommand({}));
    expect(east.DBInstances?.map((d) => d.DBInstanceIdentifier)).toEqual(["classboard-production-db"]);
    const west = await new RDSClient(cfg("us-west-2")).send(new DescribeDBInstancesCommand({}));
    expect(west.DBInstances).toEqual([]);
    const err = await rejection(new RDSClient(cfg()).send(new DescribeDBInstancesCommand({ MaxRecords: 5 })));
    expect(err.name).toBe("InvalidParameterValue");
    const missing = await rejection(new RDSClient(cfg()).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "nope" })));
    expect(missing.name).toBe("DBInstanceNotFoundFault");
    expect(missing.$metadata.httpStatusCode).toBe(404);
  });

  it("ec2 DescribeSecurityGroups (camelCase, <item> lists) pages with NextToken", async () => {
    const client = new EC2Client(cfg());
    const groups = [];
    for await (const page of paginateDescribeSecurityGroups({ client, pageSize: 5 }, {})) groups.push(...(page.SecurityGroups ?? []));
    expect(groups.map((g) => g.GroupName)).toEqual(["classboard-production-app", "classboard-production-database", "default"]);
    const db = groups[1];
    expect(db?.Description).toBe("ClassBoard PostgreSQL: reachable only from the application");
    expect(db?.IpPermissions?.[0]).toMatchObject({
      IpProtocol: "tcp",
      FromPort: 5432,
      ToPort: 5432,
      IpRanges: [
        { CidrIp: "10.20.10.0/24", Description: "PostgreSQL from the private subnets (migration runner)" },
        { CidrIp: "10.20.11.0/24", Description: "PostgreSQL from the private subnets (migration runner)" },
      ],
    });
    expect(db?.IpPermissions?.[0]?.UserIdGroupPairs?.[0]).toMatchObject({ GroupId: "sg-0c1a55b0a4d0000a1", UserId: "123456789012" });
    expect(groups[0]?.IpPermissionsEgress?.map((p) => [p.FromPort, p.IpRanges?.[0]?.CidrIp])).toEqual([
      [443, "0.0.0.0/0"],
      [5432, "10.20.0.0/16"],
    ]);
    expect(db?.Tags).toEqual([
      { Key: "Environment", Value: "production" },
      { Key: "ManagedBy", Value: "terraform" },
      { Key: "Project", Value: "classboard" },
    ]);
    expect(aws.calls.filter((c) => c.action === "DescribeSecurityGroups")).toHaveLength(3);

    const one = await client.send(new DescribeSecurityGroupsCommand({ GroupIds: ["sg-0c1a55b0a4d000000"] }));
    expect(one.SecurityGroups?.map((g) => g.GroupName)).toEqual(["default"]);
    expect(one.SecurityGroups?.[0]?.IpPermissions?.[0]?.IpProtocol).toBe("-1");
    const missing = await rejection(client.send(new DescribeSecurityGroupsCommand({ GroupIds: ["sg-0000000000000dead"] })));
    expect(missing.name).toBe("InvalidGroup.NotFound");
  });

  it("s3 ListBuckets, GetBucketLocation, GetBucketEncryption, GetBucketVersioning (path-style)", async () => {
    const east = new S3Client({ ...cfg(), forcePathStyle: true });
    const list = await east.send(new ListBucketsCommand({}));
    expect(list.Buckets?.map((b) => [b.Name, b.BucketRegion])).toEqual([
      ["classboard-production-access-logs", "us-east-1"],
      ["classboard-production-audit-logs", "us-east-1"],
      ["classboard-production-files", "us-east-1"],
      ["classboard-production-files-replica", "us-west-2"],
      ["classboard-production-replica-access-logs", "us-west-2"],
    ]);
    expect(list.Buckets?.[0]?.CreationDate).toBeInstanceOf(Date);
    expect(list.Owner?.ID).toBe("79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be");

    expect((await east.send(new GetBucketLocationCommand({ Bucket: "classboard-production-files-replica" }))).LocationConstraint).toBe("us-west-2");
    // us-east-1 is an empty LocationConstraint
    expect((await east.send(new GetBucketLocationCommand({ Bucket: "classboard-production-files" }))).LocationConstraint || "us-east-1").toBe("us-east-1");

    const enc = await east.send(new GetBucketEncryptionCommand({ Bucket: "classboard-production-files" }));
    expect(enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: "aws:kms",
      KMSMasterKeyID: "arn:aws:kms:us-east-1:123456789012:key/0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e",
    });
    expect(enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.BucketKeyEnabled).toBe(true);
    const ver = await east.send(new GetBucketVersioningCommand({ Bucket: "classboard-production-files" }));
    expect(ver.Status).toBe("Enabled");
    expect(ver.MFADelete).toBe("Disabled");

    const west = new S3Client({ ...cfg("us-west-2"), forcePathStyle: true });
    expect((await west.send(new GetBucketVersioningCommand({ Bucket: "classboard-production-files-replica" }))).Status).toBe("Enabled");
    expect(aws.calls.every((c) => c.service === "s3")).toBe(true);
  });

  it("s3 answers a bucket asked in the wrong region with 301 PermanentRedirect, which followRegionRedirects follows", async () => {
    const east = new S3Client({ ...cfg(), forcePathStyle: true });
    const err = await rejection(east.send(new GetBucketVersioningCommand({ Bucket: "classboard-production-files-replica" })));
    expect(err.name).toBe("PermanentRedirect");
    expect(err.$metadata.httpStatusCode).toBe(301);
    const following = new S3Client({ ...cfg(), forcePathStyle: true, followRegionRedirects: true });
    expect((await following.send(new GetBucketVersioningCommand({ Bucket: "classboard-production-files-replica" }))).Status).toBe("Enabled");
    expect(aws.calls.slice(-2).map((c) => [c.region, c.status])).toEqual([["us-east-1", 301], ["us-west-2", 200]]);
  });

  it("logs DescribeLogGroups (JSON 1.1) pages with nextToken", async () => {
    const client = new CloudWatchLogsClient(cfg());
    const groups = [];
    for await (const page of paginateDescribeLogGroups({ client }, {})) groups.push(...(page.logGroups ?? []));
    // In name order, as CloudWatch Logs lists them (the fixture keeps another order).
    expect(groups.map((g) => [g.logGroupName, g.retentionInDays])).toEqual([
      ["/aws/lambda/classboard-production-data-cleanup", 30],
      ["/aws/lambda/classboard-production-email-notifications", 30],
      ["/aws/lambda/classboard-production-grade-calculator", 30],
      ["/aws/lambda/classboard-production-jwt-rotation", 30],
      ["/aws/lambda/classboard-production-report-generator", 30],
      ["/aws/rds/instance/classboard-production-db/postgresql", 30],
      ["/classboard/production/api-access", 90],
      ["/classboard/production/app", 30],
      ["/classboard/production/vpc-flow-logs", 90],
    ]);
    expect(groups[0]?.kmsKeyId).toBe("arn:aws:kms:us-east-1:123456789012:key/0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e");
    expect(groups[0]?.creationTime).toBe(1772446500000);
    // page size 1: one call per log group
    expect(aws.calls).toHaveLength(9);
    const byPrefix = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/classboard/production/v" }));
    expect(byPrefix.logGroups?.map((g) => g.logGroupName)).toEqual(["/classboard/production/vpc-flow-logs"]);
  });
});

describe("local AWS endpoint: broken account", () => {
  let aws: AwsEndpoint;
  const cfg = (region = "us-east-1") => ({ endpoint: aws.url, region, credentials });
  beforeAll(async () => {
    aws = await startAwsEndpoint({ account: loadAccount("broken") });
  });
  afterAll(() => aws.stop());

  it("serves what is broken, in the API's own shapes", async () => {
    const dbs = (await new RDSClient(cfg()).send(new DescribeDBInstancesCommand({}))).DBInstances ?? [];
    expect(dbs.map((d) => [d.MultiAZ, d.BackupRetentionPeriod, d.StorageEncrypted, d.KmsKeyId])).toEqual([
      [false, 7, false, undefined],
      [false, 1, true, "arn:aws:kms:us-east-1:123456789012:key/5e8f1a2b-3c4d-4e5f-9a6b-7c8d9e0f1a2b"],
    ]);
    const sgs = (await new EC2Client(cfg()).send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? [];
    expect(sgs[1]?.GroupName).toBe("classboard-production-database");
    expect(sgs[1]?.IpPermissions?.[0]?.IpRanges?.map((r) => r.CidrIp)).toEqual(["10.20.10.0/24", "10.20.11.0/24", "0.0.0.0/0"]);

    const s3 = new S3Client({ ...cfg(), forcePathStyle: true });
    const westS3 = new S3Client({ ...cfg("us-west-2"), forcePathStyle: true });
    const err = await rejection(westS3.send(new GetBucketEncryptionCommand({ Bucket: "classboard-production-replica-access-logs" })));
    expect(err.name).toBe("ServerSideEncryptionConfigurationNotFoundError");
    expect(err.$metadata.httpStatusCode).toBe(404);
    const aes = await s3.send(new GetBucketEncryptionCommand({ Bucket: "classboard-production-audit-logs" }));
    expect(aes.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe("AES256");
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: "classboard-production-audit-logs" }))).Status).toBe("Suspended");
    const never = await westS3.send(new GetBucketVersioningCommand({ Bucket: "classboard-production-files-replica" }));
    expect(never.Status).toBeUndefined();
    const missing = await rejection(s3.send(new GetBucketVersioningCommand({ Bucket: "no-such-bucket" })));
    expect(missing.name).toBe("NoSuchBucket");

    const logs = (await new CloudWatchLogsClient(cfg()).send(new DescribeLogGroupsCommand({}))).logGroups ?? [];
    expect(logs.map((g) => [g.logGroupName, g.retentionInDays])).toEqual([
      ["/aws/lambda/classboard-production-data-cleanup", 30],
      ["/aws/lambda/classboard-production-email-notifications", 30],
      ["/aws/lambda/classboard-production-grade-calculator", 30],
      ["/aws/lambda/classboard-production-report-generator", 30],
      ["/aws/rds/instance/classboard-production-db/postgresql", 30],
      ["/classboard/production/api-access", 14],
      ["/classboard/production/app", undefined],
      ["/classboard/production/vpc-flow-logs", 30],
    ]);
  });
});

describe("local AWS endpoint: faults", () => {
  let aws: AwsEndpoint;
  const cfg = (region = "us-east-1") => ({ endpoint: aws.url, region, credentials });
  beforeAll(async () => {
    aws = await startAwsEndpoint({ account: loadAccount("compliant") });
  });
  afterAll(() => aws.stop());
  afterEach(() => {
    aws.calls.length = 0;
    for (const k of Object.keys(aws.faults)) delete aws.faults[k];
  });

  it("AccessDenied per action, in each protocol's error format", async () => {
    aws.faults["rds:DescribeDBInstances"] = { kind: "AccessDenied" };
    aws.faults["ec2:DescribeSecurityGroups"] = { kind: "AccessDenied" };
    aws.faults["s3:GetBucketEncryption"] = { kind: "AccessDenied" };
    aws.faults["logs:DescribeLogGroups"] = { kind: "AccessDenied" };

    const rds = await rejection(new RDSClient(cfg()).send(new DescribeDBInstancesCommand({})));
    expect([rds.name, rds.$metadata.httpStatusCode]).toEqual(["AccessDenied", 403]);
    expect(rds.message).toContain("rds:DescribeDBInstances");

    const ec2 = await rejection(new EC2Client(cfg()).send(new DescribeSecurityGroupsCommand({})));
    expect([ec2.name, ec2.$metadata.httpStatusCode]).toEqual(["UnauthorizedOperation", 403]);

    const s3 = new S3Client({ ...cfg(), forcePathStyle: true });
    const denied = await rejection(s3.send(new GetBucketEncryptionCommand({ Bucket: "classboard-production-files" })));
    expect([denied.name, denied.$metadata.httpStatusCode]).toEqual(["AccessDenied", 403]);
    expect(denied.message).toContain("s3:GetEncryptionConfiguration");
    // only the denied action: the same bucket's versioning still reads
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: "classboard-production-files" }))).Status).toBe("Enabled");

    const logs = await rejection(new CloudWatchLogsClient(cfg()).send(new DescribeLogGroupsCommand({})));
    expect([logs.name, logs.$metadata.httpStatusCode]).toEqual(["AccessDeniedException", 400]);

    // AccessDenied is not retried
    expect(aws.calls.map((c) => `${c.service}:${c.action}:${c.status}`)).toEqual([
      "rds:DescribeDBInstances:403",
      "ec2:DescribeSecurityGroups:403",
      "s3:GetBucketEncryption:403",
      "s3:GetBucketVersioning:200",
      "logs:DescribeLogGroups:400",
    ]);
  });

  it("throttling N times: the SDK's retries succeed, and calls shows every attempt", async () => {
    aws.faults["rds:DescribeDBInstances"] = { kind: "Throttling", times: 2 };
    aws.faults["ec2:DescribeSecurityGroups"] = { kind: "Throttling", times: 2 };
    aws.faults["s3:ListBuckets"] = { kind: "Throttling", times: 2 };
    aws.faults["logs:DescribeLogGroups"] = { kind: "Throttling", times: 2 };

    const rds = await new RDSClient({ ...cfg(), ...fastRetries(3) }).send(new DescribeDBInstancesCommand({}));
    expect(rds.DBInstances?.map((d) => d.DBInstanceIdentifier)).toEqual(["classboard-production-db"]);
    expect(rds.$metadata.attempts).toBe(3);
    const ec2 = await new EC2Client({ ...cfg(), ...fastRetries(3) }).send(new DescribeSecurityGroupsCommand({}));
    expect(ec2.SecurityGroups).toHaveLength(3);
    const s3 = await new S3Client({ ...cfg(), forcePathStyle: true, ...fastRetries(3) }).send(new ListBucketsCommand({}));
    expect(s3.Buckets).toHaveLength(5);
    const logs = await new CloudWatchLogsClient({ ...cfg(), ...fastRetries(3) }).send(new DescribeLogGroupsCommand({}));
    expect(logs.logGroups).toHaveLength(9);

    const statuses = (service: string) => aws.calls.filter((c) => c.service === service).map((c) => c.status);
    expect(statuses("rds")).toEqual([400, 400, 200]);
    expect(statuses("ec2")).toEqual([503, 503, 200]);
    expect(statuses("s3")).toEqual([503, 503, 200]);
    expect(statuses("logs")).toEqual([400, 400, 200]);
  });

  it("throttling beyond maxAttempts surfaces the service's throttling error", async () => {
    aws.faults["rds:*"] = { kind: "Throttling" };
    aws.faults["ec2:*"] = { kind: "Throttling" };
    aws.faults["s3:*"] = { kind: "Throttling" };
    const rds = await rejection(new RDSClient({ ...cfg(), ...fastRetries(2) }).send(new DescribeDBInstancesCommand({})));
    expect([rds.name, rds.$metadata.httpStatusCode, rds.$metadata.attempts]).toEqual(["Throttling", 400, 2]);
    const ec2 = await rejection(new EC2Client({ ...cfg(), ...fastRetries(2) }).send(new DescribeSecurityGroupsCommand({})));
    expect([ec2.name, ec2.$metadata.httpStatusCode]).toEqual(["RequestLimitExceeded", 503]);
    const s3 = await rejection(new S3Client({ ...cfg(), forcePathStyle: true, ...fastRetries(2) }).send(new ListBucketsCommand({})));
    expect([s3.name, s3.$metadata.httpStatusCode]).toEqual(["SlowDown", 503]);
    expect(aws.calls).toHaveLength(6);
  });

  it("5xx once: retried; a fault can be limited to one region", async () => {
    aws.faults["sts:GetCallerIdentity"] = { kind: "5xx", times: 1 };
    aws.faults["logs:DescribeLogGroups"] = { kind: "5xx", times: 1, region: "us-west-2" };
    const sts = await new STSClient({ ...cfg(), ...fastRetries(3) }).send(new GetCallerIdentityCommand({}));
    expect(sts.Account).toBe("123456789012");
    const east = await new CloudWatchLogsClient({ ...cfg("us-east-1"), ...fastRetries(3) }).send(new DescribeLogGroupsCommand({}));
    expect(east.logGroups).toHaveLength(9);
    expect(east.$metadata.attempts).toBe(1);
    // us-west-2 has no log groups: the retried answer is that region's (empty) list
    const west = await new CloudWatchLogsClient({ ...cfg("us-west-2"), ...fastRetries(3) }).send(new DescribeLogGroupsCommand({}));
    expect(west.logGroups).toEqual([]);
    expect(west.$metadata.attempts).toBe(2);
    expect(aws.calls.map((c) => `${c.service}:${c.region}:${c.status}`)).toEqual([
      "sts:us-east-1:500",
      "sts:us-east-1:200",
      "logs:us-east-1:200",
      "logs:us-west-2:500",
      "logs:us-west-2:200",
    ]);

    aws.faults["ec2:DescribeSecurityGroups"] = { kind: "5xx" };
    const ec2 = await rejection(new EC2Client({ ...cfg(), ...fastRetries(2) }).send(new DescribeSecurityGroupsCommand({})));
    expect([ec2.name, ec2.$metadata.httpStatusCode]).toEqual(["InternalError", 500]);
  });

  it("slow replies delay the answer, not change it", async () => {
    aws.faults["sts:GetCallerIdentity"] = { kind: "slow", delayMs: 300, times: 1 };
    const sts = new STSClient(cfg());
    const t0 = performance.now();
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe("123456789012");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    const t1 = performance.now();
    await sts.send(new GetCallerIdentityCommand({}));
    expect(performance.now() - t1).toBeLessThan(250);
  });

  it("records an operation it does not implement, and refuses it", async () => {
    const s3 = new S3Client({ ...cfg(), forcePathStyle: true });
    const { PutBucketVersioningCommand } = await import("@aws-sdk/client-s3");
    const err = await rejection(s3.send(new PutBucketVersioningCommand({ Bucket: "classboard-production-files", VersioningConfiguration: { Status: "Suspended" } })));
    expect(err.$metadata.httpStatusCode).toBe(501);
    expect(aws.calls).toEqual([{ account: "123456789012", service: "s3", action: "PUT /{bucket}?versioning", region: "us-east-1", status: 501 }]);
  });
});
