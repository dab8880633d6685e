import type { AdvancedEventSelector, CloudTrailClient, EventSelector, GetEventSelectorsResponse, GetTrailStatusResponse, Trail } from "@aws-sdk/client-cloudtrail";
import { liveResource, type CollectorRow } from "./table.js";

const eventSelector = (s: EventSelector) => ({
  read_write_type: s.ReadWriteType ?? "All",
  include_management_events: s.IncludeManagementEvents ?? true,
  data_resource: (s.DataResources ?? []).map((d) => ({ type: d.Type, values: d.Values ?? [] })),
  exclude_management_event_sources: s.ExcludeManagementEventSources ?? [],
});

const advancedEventSelector = (s: AdvancedEventSelector) => ({
  name: s.Name,
  field_selector: (s.FieldSelectors ?? []).map((f) => ({
    field: f.Field,
    equals: f.Equals ?? [],
    starts_with: f.StartsWith ?? [],
    ends_with: f.EndsWith ?? [],
    not_equals: f.NotEquals ?? [],
    not_starts_with: f.NotStartsWith ?? [],
    not_ends_with: f.NotEndsWith ?? [],
  })),
});

export const cloudtrailRows: CollectorRow<Trail>[] = [
  {
    service: "cloudtrail",
    clientPackage: "@aws-sdk/client-cloudtrail",
    clientClass: "CloudTrailClient",
    operation: "DescribeTrails",
    iamAction: "cloudtrail:DescribeTrails",
    types: ["aws_cloudtrail"],
    async list(client) {
      const { DescribeTrailsCommand } = await import("@aws-sdk/client-cloudtrail");
      // Each trail once, in its home region: a multi-region trail's shadows are left out.
      const out = await (client as CloudTrailClient).send(new DescribeTrailsCommand({ includeShadowTrails: false }));
      return { items: out.trailList ?? [] };
    },
    details: {
      status: {
        operation: "GetTrailStatus",
        iamAction: "cloudtrail:GetTrailStatus",
        notConfigured: {},
        async call(client, t) {
          const { GetTrailStatusCommand } = await import("@aws-sdk/client-cloudtrail");
          return (client as CloudTrailClient).send(new GetTrailStatusCommand({ Name: t.TrailARN }));
        },
      },
      selectors: {
        operation: "GetEventSelectors",
        iamAction: "cloudtrail:GetEventSelectors",
        notConfigured: {},
        async call(client, t) {
          const { GetEventSelectorsCommand } = await import("@aws-sdk/client-cloudtrail");
          return (client as CloudTrailClient).send(new GetEventSelectorsCommand({ TrailName: t.TrailARN }));
        },
      },
    },
    map(t, details, ctx) {
      const arn = t.TrailARN ?? `arn:aws:cloudtrail:${ctx.region}:${ctx.account}:trail/${t.Name ?? ""}`;
      const values: Record<string, unknown> = {
        arn,
        id: t.Name,
        name: t.Name,
        home_region: t.HomeRegion,
        s3_bucket_name: t.S3BucketName,
        s3_key_prefix: t.S3KeyPrefix,
        is_multi_region_trail: t.IsMultiRegionTrail ?? false,
        include_global_service_events: t.IncludeGlobalServiceEvents ?? false,
        enable_log_file_validation: t.LogFileValidationEnabled ?? false,
        is_organization_trail: t.IsOrganizationTrail ?? false,
        kms_key_id: t.KmsKeyId,
        cloud_watch_logs_group_arn: t.CloudWatchLogsLogGroupArn,
      };
      const unreadable: Record<string, string> = {};
      const { status, selectors } = details;
      if (status?.ok) values.enable_logging = (status.value as GetTrailStatusResponse).IsLogging ?? false;
      else unreadable.enable_logging = status?.reason ?? "not read";
      if (selectors?.ok) {
        const s = selectors.value as GetEventSelectorsResponse;
        values.event_selector = (s.EventSelectors ?? []).map(eventSelector);
        values.advanced_event_selector = (s.AdvancedEventSelectors ?? []).map(advancedEventSelector);
      } else {
        unreadable.event_selector = unreadable.advanced_event_selector = selectors?.reason ?? "not read";
      }
      return [liveResource("aws_cloudtrail", arn, values, ctx, "cloudtrail:DescribeTrails", unreadable)];
    },
  } satisfies CollectorRow<Trail>,
];
