import type { CheckFn } from "../conditions.js";
import { evaluate, operand } from "../conditions.js";
import { lookup } from "../lookup.js";
import { fail, pass, unknown } from "../outcome.js";

/** Lambda: its log group (`/aws/lambda/<name>`, or logging_config's) keeps logs `args.days` days. */
export const lambdaLogGroup: CheckFn = (subject, ctx, args) => {
  const days = operand(args.days, ctx.params);
  const custom = lookup(subject, "logging_config.0.log_group");
  const fn = lookup(subject, "function_name");
  let name: string;
  if (custom.state === "known" && custom.value !== "") name = String(custom.value);
  else if (fn.state === "known") name = `/aws/lambda/${String(fn.value)}`;
  else return unknown("the function name is not known");
  const groups = ctx.relations.withValue("aws_cloudwatch_log_group", "name", name);
  if (groups.length === 0) return fail(`no log group ${name}: Lambda creates one that never expires`);
  const o = evaluate({ attr: "retention_in_days", gte: days }, { resource: groups[0]!, prefix: "" }, ctx);
  return { result: o.result, detail: `${groups[0]!.address}: ${o.detail}` };
};

/**
 * S3 log bucket: an enabled lifecycle rule expires objects, and none before `args.days` days.
 * Never expiring fails, as a log group without retention does (REQUIREMENTS: CB-LOG-001).
 */
export const bucketKeepsObjects: CheckFn = (subject, ctx, args) => {
  const days = Number(operand(args.days, ctx.params));
  const configs = ctx.relations.pointingAt(subject, "bucket", ["aws_s3_bucket_lifecycle_configuration"], ["id", "bucket"]);
  const expiries: number[] = [];
  for (const cfg of configs) {
    const rules = lookup({ resource: cfg, prefix: "" }, "rule");
    if (rules.state !== "known" || !Array.isArray(rules.value)) return unknown(`the rules of ${cfg.address} are not known`);
    for (const r of rules.value as { status?: string; expiration?: { days?: number }[] }[]) {
      const d = r.expiration?.[0]?.days;
      if (r.status === "Enabled" && typeof d === "number" && d > 0) expiries.push(d);
    }
  }
  if (expiries.length === 0) return fail(`no enabled lifecycle rule expires its objects; expire them after at least ${days} days`);
  const shortest = Math.min(...expiries);
  return shortest < days
    ? fail(`a lifecycle rule expires objects after ${shortest} days; keep at least ${days}`)
    : pass(`lifecycle expires objects after ${shortest} days (at least ${days})`);
};
