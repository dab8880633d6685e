/**
 * A small XML writer for the AWS XML protocols. The account snapshot holds resources in the API's own
 * (PascalCase, JSON-style) member names; each protocol decides how a member is named on the wire and
 * how a list is wrapped:
 *
 * - awsQuery (RDS, STS, IAM, SNS…): element = member name, list entries `<member>` unless the model
 *   gives the list member a locationName (RDS: `<DBInstance>`, `<VpcSecurityGroupMembership>`, `<Tag>`…).
 * - ec2Query: element = the member's `locationName` (camelCase; some renamed: `Description` of a
 *   SecurityGroup is `groupDescription`, `IpPermissions[].UserIdGroupPairs` is `groups`, `Tags` is
 *   `tagSet`), list entries always `<item>`.
 * - restXml (S3): element = member name or its locationName; lists may be flattened.
 */

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] ?? c);
}

export interface XmlNaming {
  /** Wire element name for member `key` of a structure reached through member `parent` ("" at the top). */
  element(parent: string, key: string): string;
  /**
   * Element name of each entry of list member `key` of a structure reached through member `parent`,
   * or `flattened` to repeat the list's own element.
   */
  listMember(key: string, parent: string): string | { flattened: string };
}

function scalar(v: unknown): string {
  if (typeof v === "string") return escapeXml(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new Error(`cannot serialise ${typeof v} as an XML scalar`);
}

/** Serialises the members of `value` (a structure) as child elements. */
export function members(value: Record<string, unknown>, naming: XmlNaming, parent = ""): string {
  let out = "";
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    const el = naming.element(parent, key);
    if (Array.isArray(v)) {
      const m = naming.listMember(key, parent);
      const entry = typeof m === "string" ? m : m.flattened;
      const items = v.map((item) => `<${entry}>${node(item, naming, key)}</${entry}>`).join("");
      out += typeof m === "string" ? `<${el}>${items}</${el}>` : items;
    } else {
      out += `<${el}>${node(v, naming, key)}</${el}>`;
    }
  }
  return out;
}

function node(v: unknown, naming: XmlNaming, key: string): string {
  if (v !== null && typeof v === "object" && !Array.isArray(v)) return members(v as Record<string, unknown>, naming, key);
  return scalar(v);
}

/**
 * List members whose entries have a locationName in the RDS model (all other RDS lists use `<member>`),
 * keyed by member name; `<parent>.<member>` where two structures name the same member differently
 * (a DBCluster's `AssociatedRoles` are `<DBClusterRole>`, a DBInstance's `<DBInstanceRole>`).
 */
const RDS_LIST_MEMBERS: Record<string, string> = {
  DBInstances: "DBInstance",
  DBSecurityGroups: "DBSecurityGroup",
  VpcSecurityGroups: "VpcSecurityGroupMembership",
  DBParameterGroups: "DBParameterGroup",
  ReadReplicaDBInstanceIdentifiers: "ReadReplicaDBInstanceIdentifier",
  ReadReplicaDBClusterIdentifiers: "ReadReplicaDBClusterIdentifier",
  OptionGroupMemberships: "OptionGroupMembership",
  StatusInfos: "DBInstanceStatusInfo",
  DomainMemberships: "DomainMembership",
  ProcessorFeatures: "ProcessorFeature",
  AssociatedRoles: "DBInstanceRole",
  TagList: "Tag",
  Subnets: "Subnet",
  DBInstanceAutomatedBackupsReplications: "DBInstanceAutomatedBackupsReplication",
  DBClusters: "DBCluster",
  "DBClusters.AvailabilityZones": "AvailabilityZone",
  "DBClusters.DBClusterOptionGroupMemberships": "DBClusterOptionGroup",
  "DBClusters.ReadReplicaIdentifiers": "ReadReplicaIdentifier",
  "DBClusters.StatusInfos": "DBClusterStatusInfo",
  "DBClusters.DBClusterMembers": "DBClusterMember",
  "DBClusters.AssociatedRoles": "DBClusterRole",
  DBSubnetGroups: "DBSubnetGroup",
  Parameters: "Parameter",
};

/** awsQuery with `<member>` list entries (STS, IAM, SNS…). */
export const queryNaming: XmlNaming = {
  element: (_parent, key) => key,
  listMember: () => "member",
};

export const rdsNaming: XmlNaming = {
  element: (_parent, key) => key,
  listMember: (key, parent) => RDS_LIST_MEMBERS[`${parent}.${key}`] ?? RDS_LIST_MEMBERS[key] ?? "member",
};

/** EC2 locationNames that are not simply the member name with a lower-case first letter. */
const EC2_RENAMES: Record<string, string> = {
  "SecurityGroups.Description": "groupDescription",
  "IpPermissions.UserIdGroupPairs": "groups",
  "IpPermissionsEgress.UserIdGroupPairs": "groups",
  "*.Tags": "tagSet",
  "*.SecurityGroups": "securityGroupInfo",
  // Top-level output lists of the Describe calls ("" parent) and the route table's own lists.
  ".Vpcs": "vpcSet",
  ".Subnets": "subnetSet",
  ".RouteTables": "routeTableSet",
  ".FlowLogs": "flowLogSet",
  ".Regions": "regionInfo",
  "RouteTables.Routes": "routeSet",
  "RouteTables.Associations": "associationSet",
  "RouteTables.PropagatingVgws": "propagatingVgwSet",
};

export const ec2Naming: XmlNaming = {
  element: (parent, key) => EC2_RENAMES[`${parent}.${key}`] ?? EC2_RENAMES[`*.${key}`] ?? key.charAt(0).toLowerCase() + key.slice(1),
  listMember: () => "item",
};
