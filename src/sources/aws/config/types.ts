/**
 * The Config resource types the scan reads through AWS Config, each standing in for one collector
 * row (matched by service and list operation). Adding a type is one entry here: a converter from
 * the configuration item to the row's list item, and the row's detail answers Config carries.
 * Not here on purpose: AWS::RDS::DBCluster (Config spells it its own way, `dbclusterIdentifier`,
 * `availabilityZones[].value`), and the types whose rows need calls Config has no field for.
 */
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
function javaModel(resourceType: string, service: string, operation: string, arnMember?: string): ConfigType {
  return {
    resourceType,
    service,
    operation,
    item: (ci: ConfigItem) => {
      const api = apiNames(configuration(ci)) as Api;
      return arnMember && api[arnMember] === undefined && ci.arn ? { ...api, [arnMember]: ci.arn } : api;
    },
  };
}

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
    item: (ci: ConfigItem) => {
      const sg = apiNames(configuration(ci)) as Api;
      return { ...sg, IpPermissions: permissions(sg.IpPermissions), IpPermissionsEgress: permissions(sg.IpPermissionsEgress), SecurityGroupArn: ci.arn };
    },
  },
  s3Bucket,
];

/** The entry for a collector row, if Config can stand in for it. */
export function configTypeFor(row: { service: string; operation: string }): ConfigType | undefined {
  return CONFIG_TYPES.find((t) => t.service === row.service && t.operation === row.operation);
}
