import type { CloudWatchClient, DashboardEntry, MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { liveResource, pageOf, tokenParam, type CollectorRow } from "./table.js";

const alarmsRow: CollectorRow<MetricAlarm> = {
  service: "monitoring",
  clientPackage: "@aws-sdk/client-cloudwatch",
  clientClass: "CloudWatchClient",
  operation: "DescribeAlarms",
  iamAction: "cloudwatch:DescribeAlarms",
  types: ["aws_cloudwatch_metric_alarm"],
  paging: { input: "NextToken", output: "NextToken" },
  async list(client, token) {
    const { DescribeAlarmsCommand } = await import("@aws-sdk/client-cloudwatch");
    // Without AlarmTypes only metric alarms are answered: composite alarms have no metric of their own.
    const out = await (client as CloudWatchClient).send(new DescribeAlarmsCommand({ MaxRecords: 100, ...tokenParam("NextToken", token) }));
    return pageOf(out.MetricAlarms, out.NextToken);
  },
  map(a, _details, ctx) {
    const arn = a.AlarmArn ?? `arn:aws:cloudwatch:${ctx.region}:${ctx.account}:alarm:${a.AlarmName ?? ""}`;
    const values: Record<string, unknown> = {
      arn,
      alarm_name: a.AlarmName,
      namespace: a.Namespace,
      metric_name: a.MetricName,
      statistic: a.Statistic,
      // The provider's `dimensions` is a map of name to value.
      dimensions: Object.fromEntries((a.Dimensions ?? []).map((d) => [d.Name ?? "", d.Value ?? ""])),
      alarm_actions: a.AlarmActions ?? [],
      ok_actions: a.OKActions ?? [],
      insufficient_data_actions: a.InsufficientDataActions ?? [],
      actions_enabled: a.ActionsEnabled ?? true,
      comparison_operator: a.ComparisonOperator,
      threshold: a.Threshold,
      evaluation_periods: a.EvaluationPeriods,
      period: a.Period,
    };
    return [liveResource("aws_cloudwatch_metric_alarm", arn, values, ctx, "cloudwatch:DescribeAlarms")];
  },
};

const dashboardsRow: CollectorRow<DashboardEntry> = {
  service: "monitoring",
  clientPackage: "@aws-sdk/client-cloudwatch",
  clientClass: "CloudWatchClient",
  operation: "ListDashboards",
  iamAction: "cloudwatch:ListDashboards",
  types: ["aws_cloudwatch_dashboard"],
  paging: { input: "NextToken", output: "NextToken" },
  // Dashboards belong to the account, not a region (their ARN has none): listed once.
  global: true,
  async list(client, token) {
    const { ListDashboardsCommand } = await import("@aws-sdk/client-cloudwatch");
    const out = await (client as CloudWatchClient).send(new ListDashboardsCommand({ ...tokenParam("NextToken", token) }));
    return pageOf(out.DashboardEntries, out.NextToken);
  },
  map(d, _details, ctx) {
    const arn = d.DashboardArn ?? `arn:aws:cloudwatch::${ctx.account}:dashboard/${d.DashboardName ?? ""}`;
    return [liveResource("aws_cloudwatch_dashboard", arn, { dashboard_arn: arn, dashboard_name: d.DashboardName }, ctx, "cloudwatch:ListDashboards")];
  },
};

/** CloudWatch metric alarms (CB-MON-001) and dashboards (CB-MON-003). */
export const cloudwatchRows = [alarmsRow, dashboardsRow];
