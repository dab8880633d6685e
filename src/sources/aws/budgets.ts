import type { Budget, BudgetsClient, Notification } from "@aws-sdk/client-budgets";
import { allPages, liveResource, pageOf, tokenParam, type CollectorRow } from "./table.js";

export const budgetsRows: CollectorRow<Budget>[] = [
  {
    service: "budgets",
    clientPackage: "@aws-sdk/client-budgets",
    clientClass: "BudgetsClient",
    operation: "DescribeBudgets",
    // Budgets authorises every read with one action.
    iamAction: "budgets:ViewBudget",
    types: ["aws_budgets_budget"],
    paging: { input: "NextToken", output: "NextToken" },
    // A budget belongs to the account: listed once, with no region.
    global: true,
    async list(client, token, ctx) {
      const { DescribeBudgetsCommand } = await import("@aws-sdk/client-budgets");
      const out = await (client as BudgetsClient).send(new DescribeBudgetsCommand({ AccountId: ctx.account, MaxResults: 100, ...tokenParam("NextToken", token) }));
      return pageOf(out.Budgets, out.NextToken);
    },
    details: {
      notifications: {
        operation: "DescribeNotificationsForBudget",
        iamAction: "budgets:ViewBudget",
        notConfigured: {},
        async call(client, b, ctx) {
          const { DescribeNotificationsForBudgetCommand } = await import("@aws-sdk/client-budgets");
          return allPages(async (token) => {
            const out = await (client as BudgetsClient).send(new DescribeNotificationsForBudgetCommand({ AccountId: ctx.account, BudgetName: b.BudgetName, MaxResults: 100, ...tokenParam("NextToken", token) }));
            return pageOf(out.Notifications, out.NextToken);
          });
        },
      },
    },
    map(b, details, ctx) {
      const name = b.BudgetName ?? "";
      const arn = `arn:aws:budgets::${ctx.account}:budget/${name}`;
      const values: Record<string, unknown> = {
        arn,
        id: `${ctx.account}:${name}`,
        name,
        budget_type: b.BudgetType,
        time_unit: b.TimeUnit,
        limit_amount: b.BudgetLimit?.Amount,
        limit_unit: b.BudgetLimit?.Unit,
      };
      const n = details.notifications;
      if (n && !n.ok) return [liveResource("aws_budgets_budget", arn, values, ctx, "budgets:DescribeBudgets", { notification: n.reason })];
      // Subscribers need one more call per notification; no rule reads them.
      values.notification = ((n?.value ?? []) as Notification[]).map((x) => ({
        comparison_operator: x.ComparisonOperator,
        notification_type: x.NotificationType,
        threshold: x.Threshold,
        threshold_type: x.ThresholdType ?? "PERCENTAGE",
      }));
      return [liveResource("aws_budgets_budget", arn, values, ctx, "budgets:DescribeNotificationsForBudget")];
    },
  } satisfies CollectorRow<Budget>,
];
