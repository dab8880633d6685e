import type { ConfigServiceClient, ConfigurationRecorder, ConfigurationRecorderStatus } from "@aws-sdk/client-config-service";
import { liveResource, type CollectContext, type CollectorRow } from "./table.js";

/** Recorders have an ARN only in newer answers; a made-up one keeps addresses unique per region. */
const recorderArn = (r: { arn?: string; name?: string }, ctx: CollectContext) => r.arn ?? `arn:aws:config:${ctx.region}:${ctx.account}:configuration-recorder/${r.name ?? ""}`;

const recorders: CollectorRow<ConfigurationRecorder> = {
  service: "config",
  clientPackage: "@aws-sdk/client-config-service",
  clientClass: "ConfigServiceClient",
  operation: "DescribeConfigurationRecorders",
  iamAction: "config:DescribeConfigurationRecorders",
  types: ["aws_config_configuration_recorder"],
  async list(client) {
    const { DescribeConfigurationRecordersCommand } = await import("@aws-sdk/client-config-service");
    const out = await (client as ConfigServiceClient).send(new DescribeConfigurationRecordersCommand({}));
    return { items: out.ConfigurationRecorders ?? [] };
  },
  map(r, _details, ctx) {
    const arn = recorderArn(r, ctx);
    const g = r.recordingGroup;
    const values: Record<string, unknown> = {
      id: r.name,
      name: r.name,
      role_arn: r.roleARN ?? "",
      recording_group: g ? [{ all_supported: g.allSupported ?? false, include_global_resource_types: g.includeGlobalResourceTypes ?? false, resource_types: g.resourceTypes ?? [] }] : [],
    };
    return [liveResource("aws_config_configuration_recorder", arn, values, ctx, "config:DescribeConfigurationRecorders")];
  },
};

const statuses: CollectorRow<ConfigurationRecorderStatus> = {
  service: "config",
  clientPackage: "@aws-sdk/client-config-service",
  clientClass: "ConfigServiceClient",
  operation: "DescribeConfigurationRecorderStatus",
  iamAction: "config:DescribeConfigurationRecorderStatus",
  types: ["aws_config_configuration_recorder_status"],
  async list(client) {
    const { DescribeConfigurationRecorderStatusCommand } = await import("@aws-sdk/client-config-service");
    const out = await (client as ConfigServiceClient).send(new DescribeConfigurationRecorderStatusCommand({}));
    return { items: out.ConfigurationRecordersStatus ?? [] };
  },
  map(s, _details, ctx) {
    const arn = `${recorderArn(s, ctx)}?status`;
    return [liveResource("aws_config_configuration_recorder_status", arn, { id: s.name, name: s.name, is_enabled: s.recording ?? false }, ctx, "config:DescribeConfigurationRecorderStatus")];
  },
};

/** AWS Config: rows of the collector table. */
export const configRows: CollectorRow<never>[] = [recorders, statuses] as unknown as CollectorRow<never>[];
