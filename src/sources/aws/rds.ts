import type { DBInstance, RDSClient } from "@aws-sdk/client-rds";
import { liveResource, type CollectorRow } from "./table.js";

export const rdsRows: CollectorRow<DBInstance>[] = [
  {
    service: "rds",
    clientPackage: "@aws-sdk/client-rds",
    clientClass: "RDSClient",
    operation: "DescribeDBInstances",
    iamAction: "rds:DescribeDBInstances",
    types: ["aws_db_instance"],
    paging: { input: "Marker", output: "Marker" },
    async list(client, token) {
      const { DescribeDBInstancesCommand } = await import("@aws-sdk/client-rds");
      const out = await (client as RDSClient).send(new DescribeDBInstancesCommand({ MaxRecords: 100, ...(token ? { Marker: token } : {}) }));
      return { items: out.DBInstances ?? [], ...(out.Marker ? { next: out.Marker } : {}) };
    },
    map(db, _details, ctx) {
      const arn = db.DBInstanceArn ?? `arn:aws:rds:${ctx.region}:${ctx.account}:db:${db.DBInstanceIdentifier ?? ""}`;
      const values: Record<string, unknown> = {
        arn,
        identifier: db.DBInstanceIdentifier,
        multi_az: db.MultiAZ ?? false,
        backup_retention_period: db.BackupRetentionPeriod ?? 0,
        storage_encrypted: db.StorageEncrypted ?? false,
        kms_key_id: db.KmsKeyId,
        publicly_accessible: db.PubliclyAccessible ?? false,
        performance_insights_enabled: db.PerformanceInsightsEnabled ?? false,
        allocated_storage: db.AllocatedStorage,
        max_allocated_storage: db.MaxAllocatedStorage,
        instance_class: db.DBInstanceClass,
        engine: db.Engine,
        manage_master_user_password: db.MasterUserSecret !== undefined,
        db_subnet_group_name: db.DBSubnetGroup?.DBSubnetGroupName,
        parameter_group_name: db.DBParameterGroups?.[0]?.DBParameterGroupName,
      };
      for (const k of Object.keys(values)) if (values[k] === undefined) delete values[k];
      return [liveResource("aws_db_instance", arn, values, ctx, "rds:DescribeDBInstances")];
    },
  } satisfies CollectorRow<DBInstance>,
];
