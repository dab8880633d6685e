import type { Resource } from "../../model/resource.js";
import type { CheckFn, EvalContext } from "../conditions.js";
import type { ScopeCheckFn } from "../evaluate.js";
import { lookup, type Subject } from "../lookup.js";
import { allOf, anyOf, fail, pass, unknown, type Outcome } from "../outcome.js";
import { matchesSchedule } from "./schedule-expression.js";

/** A scheduled job of the guide: found by a fragment of its function name. */
interface Job {
  name: string;
  schedule: string;
  says?: string;
}

const when = (job: Job): string => (job.says ? `${job.says} (${job.schedule})` : job.schedule);

const jobsOf = (ctx: EvalContext): Job[] => ctx.params.jobs as Job[];

function functionName(r: Resource): { name?: string; outcome?: Outcome } {
  const l = lookup({ resource: r, prefix: "" }, "function_name");
  if (l.state === "known" && typeof l.value === "string") return { name: l.value };
  return { outcome: unknown(`function_name of ${r.address} is not known`, "function_name") };
}

/** Where-filter: the function is one of the guide's jobs. */
export const isGuideJob: CheckFn = (subject, ctx) => {
  const { name, outcome } = functionName(subject.resource);
  if (name === undefined) return outcome!;
  const job = jobsOf(ctx).find((j) => name.includes(j.name));
  return job ? pass(`${name} is the ${job.name} job`) : fail(`${name} is not one of the scheduled jobs`);
};

/** Schedules (EventBridge rules through their targets, and EventBridge Scheduler) that invoke `subject`. */
function schedulesOf(subject: Subject, ctx: EvalContext): Outcome[] {
  const found: Outcome[] = [];
  const fnKeys = ["arn", "function_name", "qualified_arn", "invoke_arn"];
  for (const target of ctx.relations.pointingAt(subject, "arn", ["aws_cloudwatch_event_target"], fnKeys)) {
    const t = { resource: target, prefix: "" };
    const rules = ctx.relations.pointedAtBy(t, "rule", ["aws_cloudwatch_event_rule"], ["name", "id"]);
    for (const rule of rules) found.push(disabled(rule) ?? expressionOf(rule, "schedule_expression"));
  }
  for (const sched of ctx.relations.pointingAt(subject, "target.0.arn", ["aws_scheduler_schedule"], fnKeys)) {
    found.push(disabled(sched) ?? notUtc(sched) ?? expressionOf(sched, "schedule_expression"));
  }
  return found;
}

/** A disabled rule or schedule runs nothing. */
function disabled(r: Resource): Outcome | undefined {
  const state = lookup({ resource: r, prefix: "" }, "state");
  // is_enabled is the deprecated form on EventBridge rules; Scheduler has only `state`.
  const enabled = r.type === "aws_cloudwatch_event_rule" ? lookup({ resource: r, prefix: "" }, "is_enabled") : undefined;
  if ((state.state === "known" && state.value === "DISABLED") || (enabled?.state === "known" && enabled.value === false)) {
    return fail(`${r.address} is disabled`);
  }
  return undefined;
}

/** The guide's times are UTC; a Scheduler time zone moves them. */
function notUtc(r: Resource): Outcome | undefined {
  const tz = lookup({ resource: r, prefix: "" }, "schedule_expression_timezone");
  if (tz.state === "known" && tz.value !== "" && tz.value !== "UTC" && tz.value !== "Etc/UTC") {
    return fail(`${r.address} runs in time zone ${String(tz.value)}, not UTC`);
  }
  return undefined;
}

/** The schedule in `detail`, or why it cannot be read; `result` pass means "read". */
function expressionOf(r: Resource, path: string): Outcome {
  const l = lookup({ resource: r, prefix: "" }, path);
  if (l.state === "known" && typeof l.value === "string") return pass(l.value);
  if (l.state === "absent") return fail(`${r.address} has no ${path}`);
  return unknown(`${path} of ${r.address} is not known${l.state === "unreadable" ? ` (${l.reason})` : ""}`);
}

/** Assert: a schedule invokes the function as the guide says. */
export const scheduledAsGuideSays: CheckFn = (subject, ctx) => {
  const { name, outcome } = functionName(subject.resource);
  if (name === undefined) return outcome!;
  const job = jobsOf(ctx).find((j) => name.includes(j.name));
  if (!job) return fail(`${name} is not one of the scheduled jobs`);
  const schedules = schedulesOf(subject, ctx);
  if (schedules.length === 0) return fail(`no schedule invokes ${name}; the guide runs ${job.name} ${when(job)}`);
  return anyOf(schedules.map((s) => {
    if (s.result !== "pass") return s;
    const m = matchesSchedule(s.detail, job.schedule);
    if (m === undefined) return unknown(`schedule ${s.detail} is outside what cbguard can compare with ${job.schedule}`);
    return m ? pass(`${name} runs on ${s.detail}`) : fail(`${name} runs on ${s.detail}; the guide runs ${job.name} ${when(job)}`);
  }));
};

/** Scope: every guide job has a function. */
export const guideJobsPresent: ScopeCheckFn = (functions, _scope, ctx) => {
  const names = functions.map(functionName);
  return allOf(jobsOf(ctx).map((job) => {
    if (names.some((n) => n.name?.includes(job.name))) return pass(`${job.name} has a function`);
    if (names.some((n) => n.name === undefined)) return unknown(`${job.name} may have a function whose name is not known yet`);
    return fail(`no Lambda function for the ${job.name} job`);
  }));
};
