/**
 * Live scan of authentication, scheduled jobs and monitoring (CB-COG, CB-LAM, CB-MON): the real SDK
 * clients against the local endpoint, judged by the real rules.
 */
import { BudgetsClient, DescribeBudgetsCommand } from "@aws-sdk/client-budgets";
import { CloudWatchClient, DescribeAlarmsCommand, ListDashboardsCommand } from "@aws-sdk/client-cloudwatch";
import { CognitoIdentityProviderClient, DescribeUserPoolCommand, ListUserPoolsCommand } from "@aws-sdk/client-cognito-identity-provider";
import { EventBridgeClient, ListRulesCommand } from "@aws-sdk/client-eventbridge";
import { LambdaClient, ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { GetScheduleCommand, ListSchedulesCommand, SchedulerClient } from "@aws-sdk/client-scheduler";
import { ListSubscriptionsByTopicCommand, ListSubscriptionsCommand, SNSClient } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../src/model/finding.js";
import type { Resource } from "../src/model/resource.js";
import { requiredActions } from "../src/sources/aws/collect.js";
import { loadAccount } from "./aws-endpoint/account.js";
import { startAwsEndpoint, type AwsEndpoint, type Faults } from "./aws-endpoint/server.js";
import { ACCOUNT, TEST_CREDENTIALS, scanAccount, verdictsOf } from "./helpers/aws.js";

const RULES = ["CB-COG-001", "CB-COG-002", "CB-COG-003", "CB-LAM-001", "CB-LAM-002", "CB-MON-001", "CB-MON-002", "CB-MON-003", "CB-MON-004"];
const SERVICES = ["cognito-idp", "lambda", "events", "scheduler", "monitoring", "sns", "budgets"];

const SCOPE = `aws:${ACCOUNT}:us-east-1`;
const POOL = `arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/us-east-1_Kc9Lp2RdW`;
const fn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:classboard-production-${name}`;
const alarm = (name: string) => `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:classboard-production-${name}`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:classboard-production-alerts`;
const BUDGET = `arn:aws:budgets::${ACCOUNT}:budget/classboard-production-monthly`;
const JOBS = ["data-cleanup", "email-notifications", "grade-calculator", "report-generator"].map(fn);
const FUNCTIONS = [...JOBS.slice(0, 3), fn("jwt-rotation"), JOBS[3]!];
const ALARMS = ["data-cleanup-errors", "db-cpu-high", "db-free-storage-low", "db-freeable-memory-low", "email-notifications-errors", "grade-calculator-errors", "report-generator-errors"].map(alarm);

const byAddress = (resources: readonly Resource[], address: string, type: string) => resources.find((r) => r.address === address && r.type === type)?.values;

/**
 * The findings of `rule` in the primary region, each as `address verdict`, with the ones not
 * applicable left out (what the replica region's scope makes of an unread list is the engine's concern).
 */
function judged(findings: readonly Finding[], rule: string): string[] {
  return findings
    .filter((f) => f.ruleId === rule && f.verdict !== "not_applicable" && f.resource.address !== `aws:${ACCOUNT}:us-west-2`)
    .map((f) => `${f.resource.address} ${f.verdict}`)
    .sort();
}

describe("compliant account", () => {
  let scan: Awaited<ReturnType<typeof scanAccount>>;
  beforeAll(async () => {
    scan = await scanAccount("compliant");
  }, 60000);

  it("passes every rule, on exactly the account's resources", () => {
    expect(verdictsOf(scan.findings, RULES)).toEqual({
      "CB-COG-001 pass": [POOL],
      "CB-COG-002 pass": [POOL],
      "CB-COG-003 pass": [POOL],
      "CB-LAM-001 pass": [...JOBS, SCOPE],
      "CB-LAM-002 pass": FUNCTIONS,
      "CB-MON-001 pass": [...ALARMS, SCOPE],
      "CB-MON-002 pass": [TOPIC, SCOPE],
      "CB-MON-003 pass": [SCOPE],
      "CB-MON-004 pass": [BUDGET, SCOPE],
    });
    expect(scan.inv.unread).toEqual([]);
  });

  it("reads the attributes the rules judge, as the provider names them", () => {
    const r = scan.inv.resources;
    expect(byAddress(r, POOL, "aws_cognito_user_pool")).toMatchObject({
      id: "us-east-1_Kc9Lp2RdW",
      name: "classboard-production-users",
      mfa_configuration: "ON",
      password_policy: [{ minimum_length: 12, require_uppercase: true, require_lowercase: true, require_numbers: true, require_symbols: true }],
      user_pool_add_ons: [{ advanced_security_mode: "ENFORCED" }],
    });
    expect(byAddress(r, fn("report-generator"), "aws_lambda_function")).toMatchObject({
      function_name: "classboard-production-report-generator",
      logging_config: [{ log_format: "JSON", log_group: "/aws/lambda/classboard-production-report-generator" }],
    });
    const rule = `arn:aws:events:us-east-1:${ACCOUNT}:rule/classboard-production-report-generator`;
    expect(byAddress(r, rule, "aws_cloudwatch_event_rule")).toMatchObject({ name: "classboard-production-report-generator", state: "ENABLED", schedule_expression: "cron(0 2 * * ? *)" });
    expect(byAddress(r, `${rule}?target=report-generator`, "aws_cloudwatch_event_target")).toEqual({
      rule: "classboard-production-report-generator",
      target_id: "report-generator",
      arn: fn("report-generator"),
      event_bus_name: "default",
    });
    expect(byAddress(r, alarm("db-cpu-high"), "aws_cloudwatch_metric_alarm")).toMatchObject({
      namespace: "AWS/RDS",
      metric_name: "CPUUtilization",
      dimensions: { DBInstanceIdentifier: "classboard-production-db" },
      alarm_actions: [TOPIC],
    });
    expect(byAddress(r, TOPIC, "aws_sns_topic")).toEqual({ arn: TOPIC, id: TOPIC, name: "classboard-production-alerts" });
    const subscription = r.find((x) => x.type === "aws_sns_topic_subscription");
    expect(subscription?.values).toMatchObject({ topic_arn: TOPIC, protocol: "email", endpoint: "admin@classboard.app" });
    expect(byAddress(r, BUDGET, "aws_budgets_budget")).toMatchObject({
      name: "classboard-production-monthly",
      notification: [
        { notification_type: "ACTUAL", comparison_operator: "GREATER_THAN", threshold: 80, threshold_type: "PERCENTAGE" },
        { notification_type: "FORECASTED", comparison_operator: "GREATER_THAN", threshold: 100, threshold_type: "PERCENTAGE" },
      ],
    });
    const dashboard = r.find((x) => x.type === "aws_cloudwatch_dashboard");
    expect(dashboard?.address).toBe(`arn:aws:cloudwatch::${ACCOUNT}:dashboard/classboard-production`);
    // Dashboards and budgets belong to the account: no region.
    expect(dashboard?.region).toBeUndefined();
    expect(r.find((x) => x.type === "aws_budgets_budget")?.region).toBeUndefined();
  });

  it("makes only read calls, every one answered, and pages through single-entry pages", () => {
    const mine = scan.calls.filter((c) => SERVICES.includes(c.service));
    for (const c of mine) {
      expect(c.action).toMatch(/^(Describe|List|Get)/);
      expect(c.status).toBe(200);
    }
    // Seven alarms, one a page; dashboards and budgets are listed once, not per region.
    expect(mine.filter((c) => c.action === "DescribeAlarms" && c.region === "us-east-1")).toHaveLength(7);
    expect(mine.filter((c) => c.action === "ListDashboards")).toHaveLength(1);
    expect(mine.filter((c) => c.action === "DescribeBudgets")).toHaveLength(1);
  });

  it("the table names the IAM actions the rows need", () => {
    expect(requiredActions()).toEqual(expect.arrayContaining([
      "cognito-idp:ListUserPools", "cognito-idp:DescribeUserPool", "lambda:ListFunctions", "events:ListRules", "events:ListTargetsByRule",
      "scheduler:ListSchedules", "scheduler:GetSchedule", "cloudwatch:DescribeAlarms", "cloudwatch:ListDashboards", "sns:ListTopics",
      "sns:ListSubscriptions", "budgets:ViewBudget",
    ]));
  });
});

describe("broken account", () => {
  it("fails exactly the broken resources", async () => {
    const { findings } = await scanAccount("broken");
    expect(verdictsOf(findings, RULES)).toEqual({
      // MFA OPTIONAL, 8 characters without symbols, advanced security AUDIT.
      "CB-COG-001 fail": [POOL],
      "CB-COG-002 fail": [POOL],
      "CB-COG-003 fail": [POOL],
      // data-cleanup: a Scheduler schedule in America/New_York; email-notifications: its rule disabled; report-generator: 14:00.
      "CB-LAM-001 fail": [fn("data-cleanup"), fn("email-notifications"), fn("report-generator")],
      "CB-LAM-001 pass": [fn("grade-calculator"), SCOPE],
      // jwt-rotation has no log group.
      "CB-LAM-002 fail": [fn("jwt-rotation")],
      "CB-LAM-002 pass": JOBS,
      // The free storage alarm notifies nobody.
      "CB-MON-001 fail": [alarm("db-free-storage-low"), SCOPE],
      "CB-MON-001 pass": ALARMS.filter((a) => a !== alarm("db-free-storage-low")),
      // The alarm topic's one subscription is https.
      "CB-MON-002 fail": [TOPIC, SCOPE],
      "CB-MON-003 fail": [SCOPE],
      // The budget has no notifications.
      "CB-MON-004 fail": [BUDGET, SCOPE],
    });
    const cleanup = findings.find((f) => f.ruleId === "CB-LAM-001" && f.resource.address === fn("data-cleanup"));
    expect(JSON.stringify(cleanup)).toContain("America/New_York");
  }, 60000);
});

describe("a denied call makes the rules that need it unknown, naming the IAM action", () => {
  const cases: { name: string; account: string; faults: Faults; rule: string; expected: string[]; action: string }[] = [
    { name: "DescribeUserPool (detail)", account: "compliant", faults: { "cognito-idp:DescribeUserPool": { kind: "AccessDenied" } }, rule: "CB-COG-001", expected: [`${POOL} unknown`], action: "cognito-idp:DescribeUserPool" },
    { name: "DescribeUserPool (detail), password policy", account: "compliant", faults: { "cognito-idp:DescribeUserPool": { kind: "AccessDenied" } }, rule: "CB-COG-002", expected: [`${POOL} unknown`], action: "cognito-idp:DescribeUserPool" },
    { name: "DescribeUserPool (detail), advanced security", account: "compliant", faults: { "cognito-idp:DescribeUserPool": { kind: "AccessDenied" } }, rule: "CB-COG-003", expected: [`${POOL} unknown`], action: "cognito-idp:DescribeUserPool" },
    {
      name: "DescribeNotificationsForBudget (detail)", account: "compliant", faults: { "budgets:DescribeNotificationsForBudget": { kind: "AccessDenied" } }, rule: "CB-MON-004",
      expected: [`${BUDGET} unknown`, `${SCOPE} unknown`], action: "budgets:ViewBudget",
    },
    { name: "ListTargetsByRule (list)", account: "compliant", faults: { "events:ListTargetsByRule": { kind: "AccessDenied" } }, rule: "CB-LAM-001", expected: [...JOBS.map((j) => `${j} unknown`), `${SCOPE} pass`], action: "events:ListTargetsByRule" },
    { name: "ListFunctions (list)", account: "compliant", faults: { "lambda:ListFunctions": { kind: "AccessDenied" } }, rule: "CB-LAM-001", expected: [`${SCOPE} unknown`], action: "lambda:ListFunctions" },
    { name: "DescribeAlarms (list)", account: "compliant", faults: { "monitoring:DescribeAlarms": { kind: "AccessDenied" } }, rule: "CB-MON-001", expected: [`${SCOPE} unknown`], action: "cloudwatch:DescribeAlarms" },
    { name: "ListSubscriptions (list)", account: "compliant", faults: { "sns:ListSubscriptions": { kind: "AccessDenied" } }, rule: "CB-MON-002", expected: [`${TOPIC} unknown`, `${SCOPE} unknown`], action: "sns:ListSubscriptions" },
    { name: "ListDashboards (list)", account: "compliant", faults: { "monitoring:ListDashboards": { kind: "AccessDenied" } }, rule: "CB-MON-003", expected: [`${SCOPE} unknown`], action: "cloudwatch:ListDashboards" },
    { name: "DescribeBudgets (list)", account: "compliant", faults: { "budgets:DescribeBudgets": { kind: "AccessDenied" } }, rule: "CB-MON-004", expected: [`${SCOPE} unknown`], action: "budgets:ViewBudget" },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.rule}`, async () => {
      const { findings } = await scanAccount(c.account, { faults: c.faults });
      expect(judged(findings, c.rule)).toEqual(c.expected);
      for (const f of findings.filter((x) => x.ruleId === c.rule && x.verdict === "unknown")) expect(JSON.stringify(f)).toContain(c.action);
    }, 60000);
  }

  it("GetSchedule (detail) → CB-LAM-001 unknown for the function it schedules, the schedule unreadable naming the action", async () => {
    const { inv, findings } = await scanAccount("broken", { faults: { "scheduler:GetSchedule": { kind: "AccessDenied" } } });
    expect(judged(findings, "CB-LAM-001")).toEqual([`${fn("data-cleanup")} unknown`, `${fn("email-notifications")} fail`, `${fn("grade-calculator")} pass`, `${fn("report-generator")} fail`, `${SCOPE} pass`]);
    // jobs.ts words its message without the lookup's reason; the resource carries it.
    const schedule = inv.resources.find((r) => r.type === "aws_scheduler_schedule");
    expect(schedule?.values).toMatchObject({ state: "ENABLED", target: [{ arn: fn("data-cleanup") }] });
    expect(schedule?.unreadable?.schedule_expression).toContain("scheduler:GetSchedule");
  }, 60000);

  it("a denied ListRules is named as such for the targets too, never blamed on ListTargetsByRule", async () => {
    const { inv, findings } = await scanAccount("compliant", { faults: { "events:ListRules": { kind: "AccessDenied" } } });
    const targets = inv.unread.filter((u) => u.types.includes("aws_cloudwatch_event_target"));
    expect(targets.map((u) => u.region).sort()).toEqual(["us-east-1", "us-west-2"]);
    for (const u of targets) {
      expect(u.reason).toContain("may not call events:ListRules");
      expect(u.reason).not.toContain("may not call events:ListTargetsByRule");
    }
    expect(judged(findings, "CB-LAM-001")).toEqual([...JOBS.map((j) => `${j} unknown`), `${SCOPE} pass`]);
  }, 60000);
});

describe("endpoint wire shapes (parsed by the real SDK)", () => {
  let aws: AwsEndpoint;
  const cfg = { region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  const at = (s: string) => new Date(s);
  beforeAll(async () => {
    aws = await startAwsEndpoint({ account: loadAccount("broken") });
  });
  afterAll(() => aws.stop());

  it("JSON timestamps are epoch seconds; Lambda's LastModified is a string", async () => {
    const c = { ...cfg, endpoint: aws.url };
    const pool = (await new CognitoIdentityProviderClient(c).send(new DescribeUserPoolCommand({ UserPoolId: "us-east-1_Kc9Lp2RdW" }))).UserPool;
    expect(pool?.CreationDate).toEqual(at("2026-03-02T10:15:00Z"));
    expect(pool?.Policies?.PasswordPolicy?.MinimumLength).toBe(8);
    const f = (await new LambdaClient(c).send(new ListFunctionsCommand({}))).Functions?.[0];
    expect(f?.LastModified).toBe("2026-03-02T10:15:00.000+0000");
    expect(f?.LoggingConfig?.LogGroup).toMatch(/^\/aws\/lambda\//);
    const s = (await new SchedulerClient(c).send(new ListSchedulesCommand({}))).Schedules?.[0];
    expect(s).toEqual({
      Arn: `arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule/default/classboard-production-data-cleanup`, Name: "classboard-production-data-cleanup", GroupName: "default",
      State: "ENABLED", CreationDate: at("2026-03-02T10:15:00Z"), LastModificationDate: at("2026-03-02T10:15:00Z"), Target: { Arn: fn("data-cleanup") },
    });
    const g = await new SchedulerClient(c).send(new GetScheduleCommand({ Name: "classboard-production-data-cleanup" }));
    expect([g.ScheduleExpression, g.ScheduleExpressionTimezone, g.FlexibleTimeWindow?.Mode]).toEqual(["cron(0 3 ? * SUN *)", "America/New_York", "OFF"]);
    const a = (await new CloudWatchClient(c).send(new DescribeAlarmsCommand({}))).MetricAlarms?.[0];
    expect(a?.StateUpdatedTimestamp).toEqual(at("2026-03-02T10:25:00Z"));
    expect(a?.Dimensions?.[0]?.Name).toEqual(expect.any(String));
    const b = (await new BudgetsClient(c).send(new DescribeBudgetsCommand({ AccountId: ACCOUNT }))).Budgets?.[0];
    expect(b?.TimePeriod?.End).toEqual(at("2087-06-15T00:00:00Z"));
    expect(b?.BudgetLimit).toEqual({ Amount: "500.0", Unit: "USD" });
    const subs = await new SNSClient(c).send(new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC }));
    expect(subs.Subscriptions?.map((x) => [x.Protocol, x.TopicArn])).toEqual([["https", TOPIC]]);
    const all = await new SNSClient(c).send(new ListSubscriptionsCommand({}));
    expect(all.Subscriptions?.map((x) => [x.Protocol, x.TopicArn])).toEqual([["https", TOPIC]]);
  });

  it("refuses what the service refuses, and parameters it does not implement", async () => {
    const c = { ...cfg, endpoint: aws.url };
    // ListUserPools requires MaxResults.
    await expect(new CognitoIdentityProviderClient(c).send(new ListUserPoolsCommand({} as never))).rejects.toMatchObject({ name: "InvalidParameterException" });
    await expect(new CognitoIdentityProviderClient(c).send(new DescribeUserPoolCommand({ UserPoolId: "us-east-1_missing" }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(new EventBridgeClient(c).send(new ListRulesCommand({ NamePrefix: "classboard" }))).rejects.toMatchObject({ name: "ValidationException" });
    await expect(new SchedulerClient(c).send(new GetScheduleCommand({ Name: "nope" }))).rejects.toMatchObject({ name: "ResourceNotFoundException", $metadata: { httpStatusCode: 404 } });
    await expect(new CloudWatchClient(c).send(new ListDashboardsCommand({ NextToken: "not-a-token" }))).rejects.toMatchObject({ name: "InvalidParameterValueException" });
    // Budgets reads only the caller's own account.
    await expect(new BudgetsClient(c).send(new DescribeBudgetsCommand({ AccountId: "210987654321" }))).rejects.toMatchObject({ name: "AccessDeniedException" });
    await expect(new SNSClient(c).send(new ListSubscriptionsByTopicCommand({ TopicArn: `${TOPIC}-nope` }))).rejects.toMatchObject({ name: "NotFoundException" });
  });
});
