import type { CheckFn } from "../conditions.js";
import { evaluate } from "../conditions.js";
import { lookup } from "../lookup.js";
import { fail } from "../outcome.js";

/** AWS managed keys are named alias/aws/<service>; the team cannot rotate, audit or revoke them. */
const AWS_MANAGED = /(^|:)alias\/aws\//;

/**
 * `args.attr` names a KMS key the team manages: set (from a reference to a key created in the same
 * plan, or a known value) and not an AWS managed alias such as alias/aws/rds.
 */
export const customerManagedKey: CheckFn = (subject, ctx, args) => {
  const attr = String(args.attr);
  const l = lookup(subject, attr);
  if (l.state === "known" && typeof l.value === "string" && AWS_MANAGED.test(l.value)) {
    return fail(`${l.path} is the AWS managed key ${l.value}, not a customer managed key`, l.path);
  }
  return evaluate({ attr, exists: true }, subject, ctx);
};
