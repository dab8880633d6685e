import type { CheckFn } from "../conditions.js";
import { evaluate, operand } from "../conditions.js";
import { lookup } from "../lookup.js";
import { allOf, fail, pass, unknown } from "../outcome.js";

/** Lambda: its log group (`/aws/lambda/<name>`, or logging_config's) keeps logs `args.days` days. */
export const lambdaLogGroup: CheckFn = (subject, ctx, args) => {
  const days = operand(args.days, ctx.params);
  const custom = lookup(subject, "logging_config.0.log_group");
  const fn = lookup(subject, "function_name");
  let name: string;
  if (custom.state === "known" && custom.value !== "") name = String(custom.value);
  else if (fn.state === "known") name = `/aws/lambda/${String(fn.value)}`;
  else return unknown("the function name is not known");
  const groups = ctx.relations.ofTypes(["aws_cloudwatch_log_group"]).filter((g) => {
    const n = lookup({ resource: g, prefix: "" }, "name");
    return n.state === "known" && n.value === name;
  });
  if (groups.length === 0) return fail(`no log group ${name}: Lambda creates one that never expires`);
  const o = evaluate({ attr: "retention_in_days", gte: days }, { resource: groups[0]!, prefix: "" }, ctx);
  return { result: o.result, detail: `${groups[0]!.address}: ${o.detail}` };
};

/** S3 bucket: no enabled lifecycle rule expires objects before `args.days` days. */
export const bucketKeepsObjects: CheckFn = (subject, ctx, args) => {
  const days = Number(operand(args.days, ctx.params));
  const configs = ctx.relations.pointingAt(subject, "bucket", ["aws_s3_bucket_lifecycle_configuration"], ["id", "bucket"]);
  const outcomes = configs.map((cfg) => {
    const rules = lookup({ resource: cfg, prefix: "" }, "rule");
    if (rules.state !== "known" || !Array.isArray(rules.value)) return unknown(`the rules of ${cfg.address} are not known`);
    const early = rules.value.find((r) => {
      const rule = r as { status?: string; expiration?: { days?: number }[] };
      const d = rule.expiration?.[0]?.days;
      return rule.status === "Enabled" && typeof d === "number" && d > 0 && d < days;
    }) as { id?: string; expiration: { days: number }[] } | undefined;
    return early
      ? fail(`${cfg.address} expires objects after ${early.expiration[0]!.days} days; keep at least ${days}`)
      : pass(`${cfg.address} keeps objects at least ${days} days`);
  });
  return allOf(outcomes, `no lifecycle rule expires objects before ${days} days`);
};
