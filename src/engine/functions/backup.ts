import type { CheckFn } from "../conditions.js";
import { lookup } from "../lookup.js";
import { fail, pass, unknown } from "../outcome.js";
import { parseSchedule } from "./schedule-expression.js";

const DAY = 1440;
const AWS_BACKUP_DEFAULT = "cron(0 5 ? * * *)";

/** Backup plan rule (element subject): its `schedule` fires once a day (`args.every: day`) or once a week. */
export const backupEvery: CheckFn = (subject, _ctx, args) => {
  const every = String(args.every);
  const l = lookup(subject, "schedule");
  if (l.state !== "known" && l.state !== "absent") return unknown("the schedule is not known", l.path);
  // A rule without a schedule runs on AWS Backup's default: daily at 05:00 UTC.
  const expr = l.state === "known" && l.value !== "" ? String(l.value) : AWS_BACKUP_DEFAULT;
  const s = parseSchedule(expr);
  const period = every === "day" ? DAY : 7 * DAY;
  let ok: boolean | undefined;
  if (s?.kind === "rate") ok = s.minutes === period;
  else if (s?.kind === "cron" && s.fires) {
    const f = s.fires;
    ok = f.length === (7 * DAY) / period && f.every((x, i) => i === 0 || x - f[i - 1]! === period);
  } else if (s?.kind === "cron") {
    // A day of month or a month is set: monthly or rarer, never daily or weekly.
    ok = false;
  }
  if (ok === undefined) return unknown(`schedule ${expr} is not one cbguard can classify`, l.path);
  return ok ? pass(`${expr} runs once a ${every}`, l.path) : fail(`${expr} does not run once a ${every}`, l.path);
};

function tagsOf(subject: Parameters<CheckFn>[0]): Record<string, unknown> | undefined {
  for (const path of ["tags_all", "tags"]) {
    const l = lookup(subject, path);
    if (l.state === "known" && l.value && typeof l.value === "object") return l.value as Record<string, unknown>;
  }
  return undefined;
}

/** Database: some aws_backup_selection picks it by a tag it carries. */
export const backupSelectedByTag: CheckFn = (subject, ctx) => {
  const tagMap = tagsOf(subject);
  if (!tagMap) return fail("no backup selection picks it by tag");
  const selections = ctx.relations.memo("backup-selections-by-tag", () => {
    const byTag = new Map<string, string>();
    for (const sel of ctx.relations.ofTypes(["aws_backup_selection"])) {
      const st = lookup({ resource: sel, prefix: "" }, "selection_tag");
      if (st.state !== "known" || !Array.isArray(st.value)) continue;
      for (const t of st.value as { type?: string; key?: string; value?: string }[]) {
        if (t.type === "STRINGEQUALS" && t.key !== undefined) byTag.set(JSON.stringify([t.key, t.value]), sel.address);
      }
    }
    return byTag;
  });
  for (const [key, value] of Object.entries(tagMap)) {
    const sel = selections.get(JSON.stringify([key, value]));
    if (sel) return pass(`${sel} selects it by tag ${key}`);
  }
  return fail("no backup selection picks it by tag");
};
