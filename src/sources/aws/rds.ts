import type { DBCluster, DBInstance, DBParameterGroup, DBSubnetGroup, MasterUserSecret, Parameter, RDSClient, Tag } from "@aws-sdk/client-rds";
import type { Resource } from "../../model/resource.js";
import { allPages, defined, liveResource, pageOf, tokenParam, type CollectContext, type CollectorRow } from "./table.js";

/** Every RDS Describe call pages by Marker, at most 100 records a page. */
const PAGE = { MaxRecords: 100 };

/** Drops members the API left out, so the attribute is absent rather than `undefined`. */
/** A TagList as the provider's `tags` map; live there are no provider default tags, so `tags_all` is the same. */
function tags(list: Tag[] | undefined): Record<string, unknown> {
  const map = Object.fromEntries((list ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
  return { tags: map, tags_all: map };
}

/** RDS keeps the master password in Secrets Manager when it reports the secret. */
function masterSecret(s: MasterUserSecret | undefined): Record<string, unknown> {
  return {
    manage_master_user_password: s !== undefined,
    ...(s ? { master_user_secret: [defined({ secret_arn: s.SecretArn, secret_status: s.SecretStatus, kms_key_id: s.KmsKeyId })] } : {}),
  };
}

const securityGroupIds = (groups: { VpcSecurityGroupId?: string }[] | undefined) => (groups ?? []).map((g) => g.VpcSecurityGroupId).filter((id): id is string => id !== undefined);

/** A member of an Aurora or Multi-AZ DB cluster is an aws_rds_cluster_instance; its storage and backups are the cluster's. */
function clusterInstance(db: DBInstance, arn: string, ctx: CollectContext): Resource {
  const values = defined({
    arn,
    id: db.DBInstanceIdentifier,
    identifier: db.DBInstanceIdentifier,
    cluster_identifier: db.DBClusterIdentifier,
    engine: db.Engine,
    engine_version: db.EngineVersion,
    instance_class: db.DBInstanceClass,
    availability_zone: db.AvailabilityZone,
    publicly_accessible: db.PubliclyAccessible ?? false,
    performance_insights_enabled: db.PerformanceInsightsEnabled ?? false,
    db_subnet_group_name: db.DBSubnetGroup?.DBSubnetGroupName,
    db_parameter_group_name: db.DBParameterGroups?.[0]?.DBParameterGroupName,
    ...tags(db.TagList),
  });
  return liveResource("aws_rds_cluster_instance", arn, values, ctx, "rds:DescribeDBInstances");
}

function dbInstance(db: DBInstance, arn: string, ctx: CollectContext): Resource {
  const values = defined({
    arn,
    // Provider v5: `id` is the resource id, `identifier` the name.
    id: db.DbiResourceId,
    resource_id: db.DbiResourceId,
    identifier: db.DBInstanceIdentifier,
    engine: db.Engine,
    engine_version: db.EngineVersion,
    instance_class: db.DBInstanceClass,
    multi_az: db.MultiAZ ?? false,
    availability_zone: db.AvailabilityZone,
    backup_retention_period: db.BackupRetentionPeriod ?? 0,
    storage_encrypted: db.StorageEncrypted ?? false,
    kms_key_id: db.KmsKeyId,
    storage_type: db.StorageType,
    allocated_storage: db.AllocatedStorage,
    // Storage autoscaling off: the provider reads 0.
    max_allocated_storage: db.MaxAllocatedStorage ?? 0,
    publicly_accessible: db.PubliclyAccessible ?? false,
    performance_insights_enabled: db.PerformanceInsightsEnabled ?? false,
    ...masterSecret(db.MasterUserSecret),
    username: db.MasterUsername,
    db_subnet_group_name: db.DBSubnetGroup?.DBSubnetGroupName,
    parameter_group_name: db.DBParameterGroups?.[0]?.DBParameterGroupName,
    vpc_security_group_ids: securityGroupIds(db.VpcSecurityGroups),
    replicate_source_db: db.ReadReplicaSourceDBInstanceIdentifier,
    deletion_protection: db.DeletionProtection ?? false,
    ...tags(db.TagList),
  });
  return liveResource("aws_db_instance", arn, values, ctx, "rds:DescribeDBInstances");
}

const instancesRow: CollectorRow<DBInstance> = {
  service: "rds",
  clientPackage: "@aws-sdk/client-rds",
  clientClass: "RDSClient",
  operation: "DescribeDBInstances",
  iamAction: "rds:DescribeDBInstances",
  types: ["aws_db_instance", "aws_rds_cluster_instance"],
  paging: { input: "Marker", output: "Marker" },
  async list(client, token) {
    const { DescribeDBInstancesCommand } = await import("@aws-sdk/client-rds");
    const out = await (client as RDSClient).send(new DescribeDBInstancesCommand({ ...PAGE, ...tokenParam("Marker", token) }));
    return pageOf(out.DBInstances, out.Marker);
  },
  map(db, _details, ctx) {
    const arn = db.DBInstanceArn ?? `arn:aws:rds:${ctx.region}:${ctx.account}:db:${db.DBInstanceIdentifier ?? ""}`;
    return [db.DBClusterIdentifier ? clusterInstance(db, arn, ctx) : dbInstance(db, arn, ctx)];
  },
};

const clustersRow: CollectorRow<DBCluster> = {
  service: "rds",
  clientPackage: "@aws-sdk/client-rds",
  clientClass: "RDSClient",
  operation: "DescribeDBClusters",
  iamAction: "rds:DescribeDBClusters",
  types: ["aws_rds_cluster"],
  paging: { input: "Marker", output: "Marker" },
  async list(client, token) {
    const { DescribeDBClustersCommand } = await import("@aws-sdk/client-rds");
    const out = await (client as RDSClient).send(new DescribeDBClustersCommand({ ...PAGE, ...tokenParam("Marker", token) }));
    return pageOf(out.DBClusters, out.Marker);
  },
  map(c, _details, ctx) {
    const arn = c.DBClusterArn ?? `arn:aws:rds:${ctx.region}:${ctx.account}:cluster:${c.DBClusterIdentifier ?? ""}`;
    const values = defined({
      arn,
      id: c.DBClusterIdentifier,
      cluster_identifier: c.DBClusterIdentifier,
      cluster_resource_id: c.DbClusterResourceId,
      engine: c.Engine,
      engine_version: c.EngineVersion,
      engine_mode: c.EngineMode,
      availability_zones: c.AvailabilityZones,
      backup_retention_period: c.BackupRetentionPeriod ?? 0,
      storage_encrypted: c.StorageEncrypted ?? false,
      kms_key_id: c.KmsKeyId,
      ...masterSecret(c.MasterUserSecret),
      master_username: c.MasterUsername,
      db_subnet_group_name: c.DBSubnetGroup,
      db_cluster_parameter_group_name: c.DBClusterParameterGroup,
      vpc_security_group_ids: securityGroupIds(c.VpcSecurityGroups),
      cluster_members: (c.DBClusterMembers ?? []).map((m) => m.DBInstanceIdentifier).filter((id): id is string => id !== undefined),
      deletion_protection: c.DeletionProtection ?? false,
      ...tags(c.TagList),
    });
    return [liveResource("aws_rds_cluster", arn, values, ctx, "rds:DescribeDBClusters")];
  },
};

const subnetGroupsRow: CollectorRow<DBSubnetGroup> = {
  service: "rds",
  clientPackage: "@aws-sdk/client-rds",
  clientClass: "RDSClient",
  operation: "DescribeDBSubnetGroups",
  iamAction: "rds:DescribeDBSubnetGroups",
  types: ["aws_db_subnet_group"],
  paging: { input: "Marker", output: "Marker" },
  async list(client, token) {
    const { DescribeDBSubnetGroupsCommand } = await import("@aws-sdk/client-rds");
    const out = await (client as RDSClient).send(new DescribeDBSubnetGroupsCommand({ ...PAGE, ...tokenParam("Marker", token) }));
    return pageOf(out.DBSubnetGroups, out.Marker);
  },
  map(g, _details, ctx) {
    const name = g.DBSubnetGroupName ?? "";
    const arn = g.DBSubnetGroupArn ?? `arn:aws:rds:${ctx.region}:${ctx.account}:subgrp:${name}`;
    const values = defined({
      arn,
      id: name,
      name,
      description: g.DBSubnetGroupDescription,
      vpc_id: g.VpcId,
      subnet_ids: (g.Subnets ?? []).map((s) => s.SubnetIdentifier).filter((id): id is string => id !== undefined),
    });
    return [liveResource("aws_db_subnet_group", arn, values, ctx, "rds:DescribeDBSubnetGroups")];
  },
};

/** Every parameter of the group that has a value: user-set ones and the engine's defaults, since either is what the database enforces. */
async function groupParameters(client: RDSClient, name: string | undefined): Promise<Parameter[]> {
  const { DescribeDBParametersCommand } = await import("@aws-sdk/client-rds");
  return allPages(async (token) => {
    const out = await client.send(new DescribeDBParametersCommand({ DBParameterGroupName: name, ...PAGE, ...tokenParam("Marker", token) }));
    return pageOf(out.Parameters, out.Marker);
  });
}

const parameterGroupsRow: CollectorRow<DBParameterGroup> = {
  service: "rds",
  clientPackage: "@aws-sdk/client-rds",
  clientClass: "RDSClient",
  operation: "DescribeDBParameterGroups",
  iamAction: "rds:DescribeDBParameterGroups",
  types: ["aws_db_parameter_group"],
  paging: { input: "Marker", output: "Marker" },
  async list(client, token) {
    const { DescribeDBParameterGroupsCommand } = await import("@aws-sdk/client-rds");
    const out = await (client as RDSClient).send(new DescribeDBParameterGroupsCommand({ ...PAGE, ...tokenParam("Marker", token) }));
    return pageOf(out.DBParameterGroups, out.Marker);
  },
  details: {
    parameters: {
      operation: "DescribeDBParameters",
      iamAction: "rds:DescribeDBParameters",
      notConfigured: {},
      call: (client, g) => groupParameters(client as RDSClient, g.DBParameterGroupName),
    },
  },
  map(g, details, ctx) {
    const name = g.DBParameterGroupName ?? "";
    const arn = g.DBParameterGroupArn ?? `arn:aws:rds:${ctx.region}:${ctx.account}:pg:${name}`;
    const values = defined({ arn, id: name, name, family: g.DBParameterGroupFamily, description: g.Description });
    const got = details.parameters;
    if (!got?.ok) return [liveResource("aws_db_parameter_group", arn, values, ctx, "rds:DescribeDBParameterGroups", { parameter: got?.reason ?? "not read" })];
    values.parameter = (got.value as Parameter[])
      .filter((p) => p.ParameterValue !== undefined)
      .map((p) => defined({ name: p.ParameterName, value: p.ParameterValue, apply_method: p.ApplyMethod }));
    return [liveResource("aws_db_parameter_group", arn, values, ctx, "rds:DescribeDBParameters")];
  },
};

export const rdsRows: CollectorRow<never>[] = [instancesRow, clustersRow, subnetGroupsRow, parameterGroupsRow] as unknown as CollectorRow<never>[];
