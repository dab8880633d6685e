/**
 * The database and network collectors against the local endpoint: RDS instances, Aurora clusters,
 * DB subnet and parameter groups; VPCs, subnets, route tables, flow logs and security groups. The
 * compliant account is terraform/environments/production; the broken one is the same account with
 * the defects listed in fixtures/aws/README.md.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Resource } from "../src/model/resource.js";
import { loadAccount, type ApiObject } from "./aws-endpoint/account.js";
import { startAwsEndpoint } from "./aws-endpoint/server.js";
import { scanAccount, scanEndpoint, verdictsOf, type LiveScan } from "./helpers/aws.js";

const RDS_RULES = Array.from({ length: 10 }, (_, i) => `CB-RDS-${String(i + 1).padStart(3, "0")}`);
const NET_RULES = ["CB-NET-001", "CB-NET-002", "CB-NET-003", "CB-NET-004"];
const RULES = [...RDS_RULES, ...NET_RULES];

const EAST = "arn:aws:rds:us-east-1:123456789012";
const EC2 = "arn:aws:ec2:us-east-1:123456789012";
const PROD_DB = `${EAST}:db:classboard-production-db`;
const REPORTS_DB = `${EAST}:db:classboard-production-reports`;
const VPC = `${EC2}:vpc/vpc-0c1a55b0a4d000001`;
const PRIVATE = [`${EC2}:subnet/subnet-0c1a55b0a4d000021`, `${EC2}:subnet/subnet-0c1a55b0a4d000022`];
const DEFAULT_SUBNETS = [`${EC2}:subnet/subnet-0f7e1d2c3b4a596a1`, `${EC2}:subnet/subnet-0f7e1d2c3b4a596a2`];
const SCOPE = "aws:123456789012:us-east-1";

/** The types these collectors make (other services may describe the same ARN, e.g. AWS Backup). */
const MINE = new Set(["aws_db_instance", "aws_rds_cluster", "aws_rds_cluster_instance", "aws_db_subnet_group", "aws_db_parameter_group", "aws_vpc", "aws_subnet", "aws_route_table", "aws_flow_log", "aws_security_group"]);

const byAddress = (inv: LiveScan["inv"], address: string): Resource => {
  const r = inv.resources.find((x) => x.address === address && MINE.has(x.type));
  if (!r) throw new Error(`no resource ${address}`);
  return r;
};
const ofTypes = (inv: LiveScan["inv"], types: string[]) => inv.resources.filter((r) => types.includes(r.type));
const finding = (scan: LiveScan, rule: string, address: string) => scan.findings.find((f) => f.ruleId === rule && f.resource.address === address && (f.resource.type === "scope" || MINE.has(f.resource.type)));

describe("compliant account: the production Terraform, live", () => {
  let scan: LiveScan & { calls: { action: string; service: string }[] };
  beforeAll(async () => {
    scan = await scanAccount("compliant");
  });

  it("every database and network rule passes, on the plan's resources", () => {
    expect(scan.inv.unread).toEqual([]);
    expect(verdictsOf(scan.findings, RULES)).toEqual({
      ...Object.fromEntries(RDS_RULES.map((id) => [`${id} pass`, [PROD_DB]])),
      "CB-NET-001 pass": [VPC, SCOPE],
      "CB-NET-002 pass": [`${EC2}:security-group/sg-0c1a55b0a4d000000`, `${EC2}:security-group/sg-0c1a55b0a4d0000a1`, `${EC2}:security-group/sg-0c1a55b0a4d0000d1`],
      "CB-NET-003 pass": PRIVATE,
      "CB-NET-004 pass": PRIVATE,
    });
  });

  it("reads the API's members into the provider's attributes", () => {
    expect(byAddress(scan.inv, PROD_DB).values).toMatchObject({
      identifier: "classboard-production-db", id: "db-7QZ3K5XGJ4N2WYB6HDMTAVRE5U", instance_class: "db.r5.large", engine: "postgres", multi_az: true,
      backup_retention_period: 30, storage_encrypted: true, kms_key_id: expect.stringMatching(/^arn:aws:kms:us-east-1:123456789012:key\//), allocated_storage: 100,
      max_allocated_storage: 1000, performance_insights_enabled: true, publicly_accessible: false, manage_master_user_password: true,
      master_user_secret: [{ secret_arn: expect.stringContaining(":secret:rds!db-"), secret_status: "active", kms_key_id: expect.any(String) }],
      db_subnet_group_name: "classboard-production-db-private", parameter_group_name: "classboard-production-postgres16",
      vpc_security_group_ids: ["sg-0c1a55b0a4d0000d1"], tags: { Environment: "production", ManagedBy: "terraform", Project: "classboard" },
    });
    expect(byAddress(scan.inv, `${EAST}:subgrp:classboard-production-db-private`).values).toMatchObject({
      name: "classboard-production-db-private", vpc_id: "vpc-0c1a55b0a4d000001", subnet_ids: ["subnet-0c1a55b0a4d000021", "subnet-0c1a55b0a4d000022"],
    });
    // Values only: `search_path` has none; engine defaults count, as the database enforces them.
    const params = byAddress(scan.inv, `${EAST}:pg:classboard-production-postgres16`).values.parameter as { name: string }[];
    expect(params.map((p) => p.name)).toEqual(["log_min_duration_statement", "password_encryption", "rds.force_ssl", "rds.log_retention_period", "shared_preload_libraries"]);
    expect(params).toContainEqual({ name: "rds.force_ssl", value: "1", apply_method: "pending-reboot" });

    expect(byAddress(scan.inv, PRIVATE[0]!).values).toMatchObject({ id: "subnet-0c1a55b0a4d000021", vpc_id: "vpc-0c1a55b0a4d000001", cidr_block: "10.20.10.0/24", availability_zone: "us-east-1a", map_public_ip_on_launch: false });
    expect(byAddress(scan.inv, `${EC2}:subnet/subnet-0c1a55b0a4d000011`).values.map_public_ip_on_launch).toBe(true);
    expect(byAddress(scan.inv, VPC).values).toMatchObject({ id: "vpc-0c1a55b0a4d000001", cidr_block: "10.20.0.0/16", tags: { Name: "classboard-production-vpc" } });
    expect(byAddress(scan.inv, `${EC2}:vpc-flow-log/fl-0c1a55b0a4d000001`).values).toMatchObject({
      vpc_id: "vpc-0c1a55b0a4d000001", traffic_type: "ALL", log_destination_type: "cloud-watch-logs",
      log_destination: "arn:aws:logs:us-east-1:123456789012:log-group:/classboard/production/vpc-flow-logs", max_aggregation_interval: 60,
    });
    // The local route is left out; the private table's default route goes to the NAT gateway.
    expect(byAddress(scan.inv, `${EC2}:route-table/rtb-0c1a55b0a4d000003`).values.route).toEqual([expect.objectContaining({ cidr_block: "0.0.0.0/0", nat_gateway_id: "nat-0c1a55b0a4d000001", gateway_id: "" })]);
    expect(ofTypes(scan.inv, ["aws_route_table_association"]).map((a) => [a.values.subnet_id, a.values.route_table_id]).sort()).toEqual([
      ["subnet-0c1a55b0a4d000011", "rtb-0c1a55b0a4d000002"], ["subnet-0c1a55b0a4d000012", "rtb-0c1a55b0a4d000002"],
      ["subnet-0c1a55b0a4d000021", "rtb-0c1a55b0a4d000003"], ["subnet-0c1a55b0a4d000022", "rtb-0c1a55b0a4d000003"],
    ]);
    expect(ofTypes(scan.inv, ["aws_main_route_table_association"]).map((a) => a.values)).toEqual([{ id: "rtbassoc-0c1a55b0a4d000001", route_table_id: "rtb-0c1a55b0a4d000001", vpc_id: "vpc-0c1a55b0a4d000001" }]);
    expect(byAddress(scan.inv, `${EC2}:security-group/sg-0c1a55b0a4d0000d1`).values.ingress).toEqual([
      { from_port: 5432, to_port: 5432, protocol: "tcp", cidr_blocks: ["10.20.10.0/24", "10.20.11.0/24"], ipv6_cidr_blocks: [], security_groups: ["sg-0c1a55b0a4d0000a1"] },
    ]);
  });

  it("the database and network live only in the primary region (CB-GOV-001); us-west-2 holds none", () => {
    const mine = ofTypes(scan.inv, [...MINE]);
    expect(mine.length).toBe(15);
    for (const r of mine) {
      expect(r.region).toBe("us-east-1");
      expect(finding(scan, "CB-GOV-001", r.address)?.verdict).toBe("pass");
    }
  });

  it("makes only read calls, each row in both regions, with its own IAM action", () => {
    const mine = scan.calls.filter((c) => c.service === "rds" || c.service === "ec2");
    for (const c of mine) expect(c.action).toMatch(/^Describe/);
    expect(new Set(mine.map((c) => c.action))).toEqual(new Set([
      "DescribeDBInstances", "DescribeDBClusters", "DescribeDBSubnetGroups", "DescribeDBParameterGroups", "DescribeDBParameters",
      "DescribeSecurityGroups", "DescribeVpcs", "DescribeSubnets", "DescribeRouteTables", "DescribeFlowLogs",
    ]));
  });
});

describe("broken account: each rule fails where the account is broken", () => {
  let scan: LiveScan;
  beforeAll(async () => {
    scan = await scanAccount("broken");
  });

  it("fails exactly the broken resources", () => {
    const v = verdictsOf(scan.findings, RULES);
    const fails = Object.fromEntries(Object.entries(v).filter(([k]) => !k.endsWith(" pass")));
    expect(fails).toEqual({
      "CB-RDS-001 fail": [PROD_DB, REPORTS_DB],
      "CB-RDS-002 fail": [PROD_DB, REPORTS_DB],
      "CB-RDS-003 fail": [PROD_DB],
      "CB-RDS-004 fail": [PROD_DB, REPORTS_DB],
      "CB-RDS-005 fail": [REPORTS_DB],
      "CB-RDS-006 fail": [REPORTS_DB],
      "CB-RDS-007 fail": [REPORTS_DB],
      "CB-RDS-008 fail": [REPORTS_DB],
      "CB-RDS-009 fail": [PROD_DB, REPORTS_DB],
      "CB-RDS-010 fail": [PROD_DB, REPORTS_DB],
      "CB-NET-001 fail": [`${EC2}:vpc/vpc-0f7e1d2c3b4a59687`, "arn:aws:ec2:us-west-2:123456789012:vpc/vpc-0a9b8c7d6e5f40312"],
      "CB-NET-002 fail": [`${EC2}:security-group/sg-0c1a55b0a4d0000d1`],
      "CB-NET-003 fail": PRIVATE,
      "CB-NET-004 fail": DEFAULT_SUBNETS,
    });
    // The production VPC keeps its flow log; the default VPCs never had one.
    expect(v["CB-NET-001 pass"]).toEqual([VPC, SCOPE]);
  });

  it("says why: public flag, internet route, TLS parameter, blackholed NAT route", () => {
    expect(finding(scan, "CB-RDS-004", PROD_DB)?.message).toContain("publicly_accessible is true");
    expect(finding(scan, "CB-RDS-004", REPORTS_DB)?.message).toContain('gateway_id is "igw-0f7e1d2c3b4a59687"');
    expect(finding(scan, "CB-RDS-010", PROD_DB)?.message).toMatch(/parameter\.\d+\.value is "0"/);
    expect(finding(scan, "CB-RDS-010", REPORTS_DB)?.message).toContain('no parameter entry with name = "rds.force_ssl"');
    // The NAT gateway is gone: its route is a blackhole, so the private subnets have no default route.
    expect(finding(scan, "CB-NET-003", PRIVATE[0]!)?.message).toContain("no default route");
    expect(byAddress(scan.inv, `${EC2}:route-table/rtb-0c1a55b0a4d000003`).values.route).toEqual([]);
  });

  it("reads that RDS does not manage either master password", () => {
    expect(byAddress(scan.inv, PROD_DB).values).toMatchObject({ manage_master_user_password: false });
    expect(byAddress(scan.inv, PROD_DB).values.master_user_secret).toBeUndefined();
    expect(byAddress(scan.inv, REPORTS_DB).values).toMatchObject({ manage_master_user_password: false });
  });

  // A live resource has no configuration: only a managed secret passes, never "no literal password".
  it("CB-RDS-009 fails a database whose master password RDS does not manage", () => {
    expect(verdictsOf(scan.findings, ["CB-RDS-009"])["CB-RDS-009 fail"]).toEqual([PROD_DB, REPORTS_DB]);
  });
});

describe("calls the scan may not make give unknown, naming the IAM action", () => {
  it("a denied list call (ec2:DescribeRouteTables): subnets' routes are unknown", async () => {
    const scan = await scanAccount("compliant", { faults: { "ec2:DescribeRouteTables": { kind: "AccessDenied" } } });
    expect(scan.inv.unread.map((u) => `${u.action} ${u.region}`).sort()).toEqual(["ec2:DescribeRouteTables us-east-1", "ec2:DescribeRouteTables us-west-2"]);
    for (const [rule, address] of [["CB-NET-003", PRIVATE[0]!], ["CB-NET-003", PRIVATE[1]!], ["CB-RDS-004", PROD_DB]] as const) {
      const f = finding(scan, rule, address);
      expect(f?.verdict, `${rule} ${address}`).toBe("unknown");
      expect(JSON.stringify(f)).toContain("ec2:DescribeRouteTables");
    }
    expect(finding(scan, "CB-NET-004", PRIVATE[0]!)?.verdict).toBe("pass");
  });

  it("a denied detail call (rds:DescribeDBParameters): the group's TLS setting is unknown", async () => {
    const scan = await scanAccount("compliant", { faults: { "rds:DescribeDBParameters": { kind: "AccessDenied" } } });
    expect(scan.inv.unread).toEqual([]);
    const group = byAddress(scan.inv, `${EAST}:pg:classboard-production-postgres16`);
    expect(group.unreadable?.parameter).toContain("rds:DescribeDBParameters");
    const f = finding(scan, "CB-RDS-010", PROD_DB);
    expect(f?.verdict).toBe("unknown");
    expect(JSON.stringify(f)).toContain("rds:DescribeDBParameters");
  });

  it("a denied rds:DescribeDBSubnetGroups leaves CB-RDS-004 unknown, not passing", async () => {
    const scan = await scanAccount("compliant", { faults: { "rds:DescribeDBSubnetGroups": { kind: "AccessDenied" } } });
    const f = finding(scan, "CB-RDS-004", PROD_DB);
    expect(f?.verdict).toBe("unknown");
    expect(JSON.stringify(f)).toContain("rds:DescribeDBSubnetGroups");
  });

  // "Not a DB subnet" resting on subnet groups nobody could list is not known either.
  it("a denied rds:DescribeDBSubnetGroups leaves CB-NET-004 unknown", async () => {
    const scan = await scanAccount("compliant", { faults: { "rds:DescribeDBSubnetGroups": { kind: "AccessDenied" } } });
    for (const s of PRIVATE) expect(finding(scan, "CB-NET-004", s)?.verdict).toBe("unknown");
  });
});

describe("Aurora clusters", () => {
  /** The compliant account with an Aurora cluster added: `zones` gives each member's AZ. */
  function withCluster(engine: string, zones: string[], secret: boolean) {
    const account = loadAccount("compliant");
    const east = account.services.rds!.regions!["us-east-1"] as { DBInstances: ApiObject[]; DBClusters: ApiObject[] };
    const members = zones.map((az, i) => ({ id: `classboard-analytics-${i + 1}`, az }));
    east.DBClusters = [{
      DBClusterIdentifier: "classboard-analytics", DBClusterArn: `${EAST}:cluster:classboard-analytics`, DbClusterResourceId: "cluster-2XK7QJ4M9PLN3RVW5TZB6YCD8H",
      Engine: engine, EngineVersion: "16.6", EngineMode: "provisioned", Status: "available", AvailabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
      BackupRetentionPeriod: 30, StorageEncrypted: true, KmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e",
      MasterUsername: "analytics_admin", DBSubnetGroup: "classboard-production-db-private", DBClusterParameterGroup: "default.aurora-postgresql16", MultiAZ: zones.length > 1,
      DBClusterMembers: members.map((m, i) => ({ DBInstanceIdentifier: m.id, IsClusterWriter: i === 0, DBClusterParameterGroupStatus: "in-sync", PromotionTier: 1 })),
      VpcSecurityGroups: [{ VpcSecurityGroupId: "sg-0c1a55b0a4d0000d1", Status: "active" }], AssociatedRoles: [], DeletionProtection: true, TagList: [{ Key: "Project", Value: "classboard" }],
      ...(secret ? { MasterUserSecret: { SecretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-9d1e2f3a-4b5c-4d6e-8f7a-0b1c2d3e4f5a-Pq8Rs1", SecretStatus: "active" } } : {}),
    }];
    for (const m of members) {
      east.DBInstances.push({
        DBInstanceIdentifier: m.id, DBClusterIdentifier: "classboard-analytics", DBInstanceClass: "db.r6g.large", Engine: engine, EngineVersion: "16.6", AvailabilityZone: m.az,
        DBInstanceArn: `${EAST}:db:${m.id}`, PubliclyAccessible: false, StorageEncrypted: true, MultiAZ: false, PerformanceInsightsEnabled: true,
        DBParameterGroups: [{ DBParameterGroupName: "default.aurora-postgresql16", ParameterApplyStatus: "in-sync" }], TagList: [],
      });
    }
    return account;
  }

  async function scanWith(engine: string, zones: string[], secret = true): Promise<LiveScan> {
    const aws = await startAwsEndpoint({ account: withCluster(engine, zones, secret), pageSize: 1 });
    try {
      return await scanEndpoint(aws);
    } finally {
      await aws.stop();
    }
  }

  const CLUSTER = `${EAST}:cluster:classboard-analytics`;

  it("members are cluster instances, and instances in two zones make the cluster Multi-AZ", async () => {
    const scan = await scanWith("aurora-postgresql", ["us-east-1a", "us-east-1b"]);
    expect(byAddress(scan.inv, CLUSTER).values).toMatchObject({
      id: "classboard-analytics", cluster_identifier: "classboard-analytics", engine: "aurora-postgresql", backup_retention_period: 30, storage_encrypted: true,
      manage_master_user_password: true, db_subnet_group_name: "classboard-production-db-private", availability_zones: ["us-east-1a", "us-east-1b", "us-east-1c"],
      cluster_members: ["classboard-analytics-1", "classboard-analytics-2"],
    });
    const members = ofTypes(scan.inv, ["aws_rds_cluster_instance"]);
    expect(members.map((m) => [m.values.identifier, m.values.cluster_identifier, m.values.availability_zone])).toEqual([
      ["classboard-analytics-1", "classboard-analytics", "us-east-1a"], ["classboard-analytics-2", "classboard-analytics", "us-east-1b"],
    ]);
    // Members are not judged as stand-alone instances (class, storage, parameter group).
    expect(ofTypes(scan.inv, ["aws_db_instance"]).map((r) => r.address)).toEqual([PROD_DB]);
    const v = verdictsOf(scan.findings, ["CB-RDS-001", "CB-RDS-002", "CB-RDS-003", "CB-RDS-008", "CB-RDS-009"]);
    for (const id of ["CB-RDS-001", "CB-RDS-002", "CB-RDS-003", "CB-RDS-008", "CB-RDS-009"]) expect(v[`${id} pass`], id).toEqual([CLUSTER, PROD_DB]);
  });

  it("a cluster whose instances share one zone is not Multi-AZ; a MySQL cluster is not PostgreSQL", async () => {
    const scan = await scanWith("aurora-mysql", ["us-east-1a", "us-east-1a"], false);
    expect(finding(scan, "CB-RDS-001", CLUSTER)?.verdict).toBe("fail");
    expect(finding(scan, "CB-RDS-001", CLUSTER)?.message).toContain("every instance is in us-east-1a");
    expect(finding(scan, "CB-RDS-008", CLUSTER)?.verdict).toBe("fail");
    expect(byAddress(scan.inv, CLUSTER).values.manage_master_user_password).toBe(false);
  });

  it("a denied rds:DescribeDBClusters leaves clusters unread in every region", async () => {
    const aws = await startAwsEndpoint({ account: withCluster("aurora-postgresql", ["us-east-1a", "us-east-1b"], true), faults: { "rds:DescribeDBClusters": { kind: "AccessDenied" } } });
    try {
      const scan = await scanEndpoint(aws);
      expect(scan.inv.unread.map((u) => `${u.action} ${u.region} ${u.types.join(",")}`).sort()).toEqual([
        "rds:DescribeDBClusters us-east-1 aws_rds_cluster", "rds:DescribeDBClusters us-west-2 aws_rds_cluster",
      ]);
      expect(ofTypes(scan.inv, ["aws_rds_cluster"])).toEqual([]);
    } finally {
      await aws.stop();
    }
  });
});
