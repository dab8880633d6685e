import type { EventBridgeClient, Rule, Target } from "@aws-sdk/client-eventbridge";
import type { GetScheduleCommandOutput, ScheduleSummary, SchedulerClient } from "@aws-sdk/client-scheduler";
import { allPages, childrenOfPage, liveResource, pageOf, tokenParam, type CollectorRow, type Page } from "./table.js";


/** Rules of the default event bus: the only bus scheduled rules can live on. */
async function listRules(client: unknown, token: string | undefined): Promise<Page<Rule>> {
  const { ListRulesCommand } = await import("@aws-sdk/client-eventbridge");
  const out = await (client as EventBridgeClient).send(new ListRulesCommand({ Limit: 100, ...tokenParam("NextToken", token) }));
  return pageOf(out.Rules, out.NextToken);
}

async function listTargets(client: unknown, rule: string, token: string | undefined): Promise<Page<Target>> {
  const { ListTargetsByRuleCommand } = await import("@aws-sdk/client-eventbridge");
  const out = await (client as EventBridgeClient).send(new ListTargetsByRuleCommand({ Rule: rule, Limit: 100, ...tokenParam("NextToken", token) }));
  return pageOf(out.Targets, out.NextToken);
}

const ruleArn = (r: Rule, ctx: { region: string; account: string }) => r.Arn ?? `arn:aws:events:${ctx.region}:${ctx.account}:rule/${r.Name ?? ""}`;

/** A target with the rule it belongs to. */
interface RuleTarget {
  rule: Rule;
  target: Target;
}

const rulesRow: CollectorRow<Rule> = {
  service: "events",
  clientPackage: "@aws-sdk/client-eventbridge",
  clientClass: "EventBridgeClient",
  operation: "ListRules",
  iamAction: "events:ListRules",
  types: ["aws_cloudwatch_event_rule"],
  paging: { input: "NextToken", output: "NextToken" },
  list: (client, token) => listRules(client, token),
  map(r, _details, ctx) {
    const arn = ruleArn(r, ctx);
    const values: Record<string, unknown> = {
      arn,
      id: r.Name,
      name: r.Name,
      event_bus_name: r.EventBusName ?? "default",
      state: r.State,
      schedule_expression: r.ScheduleExpression,
      event_pattern: r.EventPattern,
      description: r.Description,
    };
    return [liveResource("aws_cloudwatch_event_rule", arn, values, ctx, "events:ListRules")];
  },
};

const targetsRow: CollectorRow<RuleTarget> = {
  service: "events",
  clientPackage: "@aws-sdk/client-eventbridge",
  clientClass: "EventBridgeClient",
  operation: "ListTargetsByRule",
  iamAction: "events:ListTargetsByRule",
  types: ["aws_cloudwatch_event_target"],
  // Pages of ListRules; each rule's targets are read whole.
  paging: { input: "NextToken", output: "NextToken" },
  list: (client, token) =>
    childrenOfPage(() => listRules(client, token), "events:ListRules", async (rule) =>
      (await allPages((t) => listTargets(client, rule.Name ?? "", t))).map((target) => ({ rule, target }))),
  map({ rule, target }, _details, ctx) {
    const address = `${ruleArn(rule, ctx)}?target=${target.Id ?? ""}`;
    const values: Record<string, unknown> = {
      rule: rule.Name,
      target_id: target.Id,
      arn: target.Arn,
      event_bus_name: rule.EventBusName ?? "default",
      role_arn: target.RoleArn,
      input: target.Input,
    };
    return [liveResource("aws_cloudwatch_event_target", address, values, ctx, "events:ListTargetsByRule")];
  },
};

const schedulesRow: CollectorRow<ScheduleSummary> = {
  service: "scheduler",
  clientPackage: "@aws-sdk/client-scheduler",
  clientClass: "SchedulerClient",
  operation: "ListSchedules",
  iamAction: "scheduler:ListSchedules",
  types: ["aws_scheduler_schedule"],
  paging: { input: "NextToken", output: "NextToken" },
  async list(client, token) {
    const { ListSchedulesCommand } = await import("@aws-sdk/client-scheduler");
    const out = await (client as SchedulerClient).send(new ListSchedulesCommand({ MaxResults: 100, ...tokenParam("NextToken", token) }));
    return pageOf(out.Schedules, out.NextToken);
  },
  details: {
    schedule: {
      operation: "GetSchedule",
      iamAction: "scheduler:GetSchedule",
      notConfigured: {},
      async call(client, s) {
        const { GetScheduleCommand } = await import("@aws-sdk/client-scheduler");
        return (client as SchedulerClient).send(new GetScheduleCommand({ Name: s.Name, GroupName: s.GroupName }));
      },
    },
  },
  map(s, details, ctx) {
    const arn = s.Arn ?? `arn:aws:scheduler:${ctx.region}:${ctx.account}:schedule/${s.GroupName ?? "default"}/${s.Name ?? ""}`;
    // The summary already says what it invokes and whether it is enabled; only the timing needs GetSchedule.
    const base = { arn, name: s.Name, group_name: s.GroupName ?? "default", state: s.State, target: [{ arn: s.Target?.Arn }] };
    const got = details.schedule;
    if (got && !got.ok) {
      return [liveResource("aws_scheduler_schedule", arn, base, ctx, "scheduler:ListSchedules", { schedule_expression: got.reason, schedule_expression_timezone: got.reason })];
    }
    const g = (got?.value ?? {}) as GetScheduleCommandOutput;
    const values = {
      ...base,
      schedule_expression: g.ScheduleExpression,
      // Scheduler evaluates an expression without a time zone in UTC.
      schedule_expression_timezone: g.ScheduleExpressionTimezone ?? "UTC",
      target: [{ arn: g.Target?.Arn ?? s.Target?.Arn, role_arn: g.Target?.RoleArn }],
      flexible_time_window: g.FlexibleTimeWindow ? [{ mode: g.FlexibleTimeWindow.Mode, maximum_window_in_minutes: g.FlexibleTimeWindow.MaximumWindowInMinutes ?? 0 }] : [],
    };
    return [liveResource("aws_scheduler_schedule", arn, values, ctx, "scheduler:GetSchedule")];
  },
};

/** EventBridge rules and their targets, and EventBridge Scheduler schedules: what invokes the jobs (CB-LAM-001). */
export const eventsRows = [rulesRow, targetsRow, schedulesRow];
