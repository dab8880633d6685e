import type { CheckFn } from "../conditions.js";
import { operand } from "../conditions.js";
import { lookup } from "../lookup.js";
import { fail, pass, unknown } from "../outcome.js";

const HOUR = 3_600_000;

/**
 * Live only (CB-BAK-004): the resource's latest COMPLETED backup job (`latest_completed_backup`,
 * ISO 8601) finished within `args.hours` of the scan's time (`ctx.now`). No such job at all is a fail: AWS Backup names
 * what it protects, so a missing job is a backup that did not happen.
 */
export const backupCompletedWithin: CheckFn = (subject, ctx, args) => {
  const hours = Number(operand(args.hours, ctx.params));
  const l = lookup(subject, "latest_completed_backup");
  if (l.state === "unreadable") return unknown(`${l.path} could not be read: ${l.reason}`, l.path);
  if (l.state === "absent") return fail("no backup job of it has completed", l.path);
  if (l.state !== "known") return unknown(`${l.path} is not known`, l.path);
  const finished = Date.parse(String(l.value));
  if (Number.isNaN(finished)) return unknown(`${l.path} is not a time: ${String(l.value)}`, l.path);
  const ago = (ctx.now.getTime() - finished) / HOUR;
  const when = `its latest completed backup job finished ${ago.toFixed(1)} hours ago (${String(l.value)})`;
  return ago <= hours ? pass(`${when}, within ${hours} hours`, l.path) : fail(`${when}, more than ${hours} hours`, l.path);
};
