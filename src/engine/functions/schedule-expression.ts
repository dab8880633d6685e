/**
 * EventBridge / Scheduler schedule expressions, compared by when they fire rather than by how they
 * are written: `rate(60 minutes)`, `rate(1 hour)` and `cron(0 * * * ? *)` are one schedule.
 */

const WEEK = 7 * 24 * 60;
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

export type Schedule =
  | { kind: "rate"; minutes: number }
  /** `fires`: minutes after Sunday 00:00 UTC, when the schedule repeats weekly. */
  | { kind: "cron"; fields: string[]; fires?: number[] };

export function parseSchedule(expr: string): Schedule | undefined {
  const rate = /^rate\(\s*(\d+)\s+(minutes?|hours?|days?)\s*\)$/i.exec(expr.trim());
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2]!.toLowerCase();
    const per = unit.startsWith("minute") ? 1 : unit.startsWith("hour") ? 60 : 1440;
    return n > 0 ? { kind: "rate", minutes: n * per } : undefined;
  }
  const cron = /^cron\((.*)\)$/i.exec(expr.trim());
  if (!cron) return undefined;
  const fields = cron[1]!.trim().split(/\s+/).map((f) => f.toUpperCase());
  if (fields.length !== 6) return undefined;
  return { kind: "cron", fields, ...weekly(fields) };
}

function weekly(fields: string[]): { fires?: number[] } {
  const [min, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  if (!isEvery(month) || !isEvery(year) || !isEvery(dom)) return {};
  const minutes = expand(min, 0, 59);
  const hours = expand(hour, 0, 23);
  const days = isEvery(dow) ? [1, 2, 3, 4, 5, 6, 7] : expand(dow, 1, 7);
  if (!minutes || !hours || !days) return {};
  const fires: number[] = [];
  for (const d of days) for (const h of hours) for (const m of minutes) fires.push((d - 1) * 1440 + h * 60 + m);
  return { fires: [...new Set(fires)].sort((a, b) => a - b) };
}

const isEvery = (f: string): boolean => f === "*" || f === "?";

/** One cron field as the values it allows; undefined for syntax this checker does not model (L, W, #). */
function expand(field: string, lo: number, hi: number): number[] | undefined {
  const out = new Set<number>();
  for (const part of field.split(",")) {
    const m = /^(\*|[0-9A-Z]+(?:-[0-9A-Z]+)?)(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const step = m[2] ? Number(m[2]) : 1;
    let from = lo;
    let to = hi;
    if (m[1] !== "*") {
      const [a, b] = m[1]!.split("-");
      const x = value(a!);
      if (x === undefined) return undefined;
      from = x;
      to = b !== undefined ? value(b) ?? NaN : m[2] ? hi : x;
    }
    if (!(from >= lo && to <= hi && from <= to && step > 0)) return undefined;
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return [...out];
}

function value(s: string): number | undefined {
  const day = DAYS.indexOf(s);
  if (day >= 0) return day + 1;
  return /^\d+$/.test(s) ? Number(s) : undefined;
}

/** The firing minutes form one arithmetic series of period `p` around the week. */
function periodic(fires: readonly number[], p: number): boolean {
  if (WEEK % p !== 0 || fires.length !== WEEK / p) return false;
  return fires.every((f, i) => i === 0 || f - fires[i - 1]! === p);
}

function sameFires(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Does `actual` fire as `expected` says? In `expected` only, `?` in the minute or hour field of a
 * cron (never valid there in AWS) means "any one value": the guide says "weekly on Sunday" with no
 * hour. Undefined when either expression is outside what is modelled.
 */
export function matchesSchedule(actual: string, expected: string): boolean | undefined {
  const key = `${actual}\u0000${expected}`;
  if (!matched.has(key)) matched.set(key, compare(actual, expected));
  return matched.get(key);
}

/** Few distinct expressions recur across many functions; `?` fields expand to 1,440 candidates. */
const matched = new Map<string, boolean | undefined>();

function compare(actual: string, expected: string): boolean | undefined {
  const a = parseSchedule(actual);
  const e = parseSchedule(expected);
  if (!a || !e) return undefined;
  if (e.kind === "rate") {
    if (a.kind === "rate") return a.minutes === e.minutes;
    return a.fires ? periodic(a.fires, e.minutes) : false;
  }
  const [min, hour, ...rest] = e.fields as [string, string, ...string[]];
  const mins = min === "?" ? Array.from({ length: 60 }, (_, i) => String(i)) : [min];
  const hours = hour === "?" ? Array.from({ length: 24 }, (_, i) => String(i)) : [hour];
  if (a.kind === "cron" && !a.fires) return a.fields.join(" ") === e.fields.join(" ");
  for (const h of hours) {
    for (const m of mins) {
      const want = weekly([m, h, ...rest]).fires;
      if (!want) return a.kind === "cron" ? a.fields.join(" ") === e.fields.join(" ") : false;
      // A rate has no clock time: it equals a cron only when that fires every hour or more often
      // (rate(1 hour) = cron(0 * * * ? *)); rate(1 day) is not "daily at 02:00".
      if (a.kind === "rate" ? a.minutes <= 60 && periodic(want, a.minutes) : sameFires(a.fires!, want)) return true;
    }
  }
  return false;
}
