/**
 * The Config resource types the scan reads through AWS Config, each standing in for one collector
 * row (matched by service and list operation). Adding a type is one entry here: a converter from
 * the configuration item to the row's list items, and the row's detail answers Config carries.
 * Read directly on purpose (no entry): what Config does not record (log groups, dashboards, budgets,
 * schedules, backup jobs and protected resources, restore testing plans, Cognito user pools, RDS
 * parameter groups' parameters, recorders), and what the item lacks a field the row needs for:
 * Lambda functions (no `loggingConfig`), CloudFront distributions (no `originAccessControlId`),
 * backup vaults (no key type), SNS subscriptions (no subscription ARNs), and the KMS rotation
 * period, CloudTrail status and event selectors (detail calls still made).
 */
import { backupPlan } from "./backup.js";
import { eventsRule, eventsTargets, secret, snsTopic } from "./cfn.js";
import { iamPolicy, iamRole } from "./iam.js";
import { apiNames, configuration, type ConfigItem, type ConfigType } from "./items.js";
import { s3Bucket } from "./s3.js";

type Api = Record<string, unknown>;

/** EC2 permissions: Config keeps the legacy `ipRanges` (CIDR strings) beside `ipv4Ranges` (the API's `IpRanges`). */
function permissions(perms: unknown): Api[] {
  return ((perms as Api[] | undefined) ?? []).map((p) => {
    const { Ipv4Ranges, IpRanges, ...rest } = p;
    const ranges = (Ipv4Ranges as Api[] | undefined) ?? ((IpRanges as string[] | undefined) ?? []).map((c) => ({ CidrIp: c }));
    return { ...rest, IpRanges: ranges };
  });
}

/** A type Config keeps in the Java model's names: the list item is its configuration with the API's names back. */
function javaModel(resourceType: string, service: string, operation: string, arnMember?: string, acronyms?: readonly string[]): ConfigType {
  return {
    resourceType,
    service,
    operation,
    items: (ci: ConfigItem) => {
      const api = apiNames(configuration(ci), acronyms) as Api;
      return [arnMember && api[arnMember] === undefined && ci.arn ? { ...api, [arnMember]: ci.arn } : api];
    },
  };
}

/** DB cluster members spelt the Jackson way (`dbclusterIdentifier`, `iamdatabaseAuthenticationEnabled`). */
const CLUSTER_ACRONYMS = ["DBClusterArn", "DBClusterIdentifier", "DBClusterParameterGroup", "DBSubnetGroup", "DBClusterMembers", "DBInstanceIdentifier", "DBClusterParameterGroupStatus", "IAMDatabaseAuthenticationEnabled"];

/** Config wraps each of a cluster's zones as `{ value }`. */
function zones(list: unknown): string[] | undefined {
  return (list as unknown[] | undefined)?.map((z) => (typeof z === "string" ? z : String((z as { Value?: unknown }).Value)));
}

const dbCluster: ConfigType = {
  resourceType: "AWS::RDS::DBCluster",
  service: "rds",
  operation: "DescribeDBClusters",
  items: (ci) => {
    const c = apiNames(configuration(ci), CLUSTER_ACRONYMS) as Api;
    return [{ ...c, DBClusterArn: c.DBClusterArn ?? ci.arn, AvailabilityZones: zones(c.AvailabilityZones) }];
  },
};

/** KeyMetadata in the Java model's names; the rotation status needs its period, which the item lacks, so GetKeyRotationStatus is still called. */
const kmsKey: ConfigType = {
  resourceType: "AWS::KMS::Key",
  service: "kms",
  operation: "ListKeys",
  items: (ci) => {
    const c = configuration(ci);
    return [{ KeyId: c.keyId ?? ci.resourceId, KeyArn: c.arn ?? ci.arn }];
  },
  details: { DescribeKey: (ci) => ({ value: { KeyMetadata: apiNames(configuration(ci), ["AWSAccountId"]) } }) },
};

/** Each trail once, in its home region, as DescribeTrails without shadow trails. */
const trail: ConfigType = {
  resourceType: "AWS::CloudTrail::Trail",
  service: "cloudtrail",
  operation: "DescribeTrails",
  items: (ci) => {
    const t = apiNames(configuration(ci)) as Api;
    return t.HomeRegion === undefined || t.HomeRegion === ci.awsRegion ? [{ ...t, TrailARN: t.TrailARN ?? ci.arn }] : [];
  },
};

export const CONFIG_TYPES: readonly ConfigType[] = [
  javaModel("AWS::RDS::DBInstance", "rds", "DescribeDBInstances", "DBInstanceArn"),
  javaModel("AWS::RDS::DBSubnetGroup", "rds", "DescribeDBSubnetGroups", "DBSubnetGroupArn"),
  javaModel("AWS::EC2::VPC", "ec2", "DescribeVpcs"),
  javaModel("AWS::EC2::Subnet", "ec2", "DescribeSubnets", "SubnetArn"),
  javaModel("AWS::EC2::RouteTable", "ec2", "DescribeRouteTables"),
  {
    resourceType: "AWS::EC2::SecurityGroup",
    service: "ec2",
    operation: "DescribeSecurityGroups",
    items: (ci: ConfigItem) => {
      const sg = apiNames(configuration(ci)) as Api;
      return [{ ...sg, IpPermissions: permissions(sg.IpPermissions), IpPermissionsEgress: permissions(sg.IpPermissionsEgress), SecurityGroupArn: ci.arn }];
    },
  },
  javaModel("AWS::EC2::FlowLog", "ec2", "DescribeFlowLogs"),
  dbCluster,
  kmsKey,
  trail,
  // MetricAlarm spelt the Jackson way: `okactions`.
  javaModel("AWS::CloudWatch::Alarm", "monitoring", "DescribeAlarms", "AlarmArn", ["OKActions"]),
  s3Bucket,
  iamPolicy,
  iamRole,
  secret,
  snsTopic,
  eventsRule,
  eventsTargets,
  backupPlan,
];

/** The entry for a collector row, if Config can stand in for it. */
export function configTypeFor(row: { service: string; operation: string }): ConfigType | undefined {
  return CONFIG_TYPES.find((t) => t.service === row.service && t.operation === row.operation);
}
