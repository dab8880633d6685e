import type { CloudWatchLogsClient, LogGroup } from "@aws-sdk/client-cloudwatch-logs";
import { liveResource, pageOf, tokenParam, type CollectorRow } from "./table.js";

export const logsRows: CollectorRow<LogGroup>[] = [
  {
    service: "logs",
    clientPackage: "@aws-sdk/client-cloudwatch-logs",
    clientClass: "CloudWatchLogsClient",
    operation: "DescribeLogGroups",
    iamAction: "logs:DescribeLogGroups",
    types: ["aws_cloudwatch_log_group"],
    paging: { input: "nextToken", output: "nextToken" },
    async list(client, token) {
      const { DescribeLogGroupsCommand } = await import("@aws-sdk/client-cloudwatch-logs");
      const out = await (client as CloudWatchLogsClient).send(new DescribeLogGroupsCommand({ ...tokenParam("nextToken", token) }));
      return pageOf(out.logGroups, out.nextToken);
    },
    map(g, _details, ctx) {
      // The provider's arn has no `:*`, as a flow log's log_destination names the group (CB-LOG-002).
      const arn = g.logGroupArn ?? (g.arn ?? `arn:aws:logs:${ctx.region}:${ctx.account}:log-group:${g.logGroupName ?? ""}`).replace(/:\*$/, "");
      const values: Record<string, unknown> = { arn, name: g.logGroupName, retention_in_days: g.retentionInDays ?? 0 };
      if (g.kmsKeyId !== undefined) values.kms_key_id = g.kmsKeyId;
      return [liveResource("aws_cloudwatch_log_group", arn, values, ctx, "logs:DescribeLogGroups")];
    },
  } satisfies CollectorRow<LogGroup>,
];
