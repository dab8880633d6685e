import type { Finding, Verdict, Waiver } from "../model/finding.js";
import { isExpired } from "./date.js";
import { globMatcher } from "./glob.js";
import type { WaiverEntry } from "./types.js";

/** Verdicts a waiver can change: a pass or a not-applicable needs no waiver and never carries one. */
function needsAction(v: Verdict): boolean {
  return v === "fail" || v === "unknown";
}

type Matcher = (f: Finding) => boolean;

/** Whether a waiver covers a finding: same rule, and its resource (inline) or its glob (file). */
export function waiverMatcher(w: WaiverEntry): Matcher {
  if (w.target.kind === "resource") {
    const addresses = new Set(w.target.addresses);
    return (f) => f.ruleId === w.rule && addresses.has(f.resource.address);
  }
  const matches = globMatcher(w.target.pattern);
  return (f) => {
    if (f.ruleId !== w.rule) return false;
    const arn = f.resource.location?.arn;
    return matches(f.resource.address) || (arn !== undefined && matches(arn));
  };
}

/**
 * The findings with `waiver` set on each fail or unknown that a waiver covers; pure (new finding
 * objects, the input is untouched). `today` is `YYYY-MM-DD` (UTC): a waiver whose `until` is before
 * it is attached with `expired: true`, so the result still fails and reports say the waiver ran
 * out; on its `until` day it still waives.
 *
 * When several waivers cover one finding, one in force beats an expired one, then the later
 * `until` wins, then the one listed first (inline comments before the waivers file, as
 * `collectWaivers` orders them). Passes and not-applicable results are left as they are: they
 * need no waiver, and a `waiver` on a pass in the JSON report would read as if it did.
 */
export function applyWaivers(findings: readonly Finding[], waivers: readonly WaiverEntry[], today: string): Finding[] {
  if (waivers.length === 0) return [...findings];
  const compiled = waivers.map((w) => ({ w, matches: waiverMatcher(w), expired: isExpired(w.until, today) }));
  return findings.map((f) => {
    if (!needsAction(f.verdict)) return f;
    let best: (typeof compiled)[number] | undefined;
    for (const c of compiled) {
      if (!c.matches(f)) continue;
      if (best === undefined || better(c, best)) best = c;
    }
    if (best === undefined) return f;
    const waiver: Waiver = {
      reason: best.w.reason,
      until: best.w.until,
      ...(best.w.owner !== undefined ? { owner: best.w.owner } : {}),
      expired: best.expired,
    };
    return { ...f, waiver };
  });
}

function better(a: { w: WaiverEntry; expired: boolean }, b: { w: WaiverEntry; expired: boolean }): boolean {
  if (a.expired !== b.expired) return !a.expired;
  return a.w.until > b.w.until;
}

/** What one waiver covered in a scan. */
export interface WaiverUse {
  /** Fail and unknown results it covers (whether or not it is still in force). */
  needsAction: number;
  /** Passing and not-applicable results it covers: nothing to waive there. */
  other: number;
}

/**
 * For each waiver (same order), how many results it covers. A waiver with `needsAction: 0` is
 * unused: it matches nothing, or only resources that now pass, and can probably be deleted.
 */
export function waiverUsage(findings: readonly Finding[], waivers: readonly WaiverEntry[]): WaiverUse[] {
  return waivers.map((w) => {
    const matches = waiverMatcher(w);
    const use: WaiverUse = { needsAction: 0, other: 0 };
    for (const f of findings) {
      if (!matches(f)) continue;
      if (needsAction(f.verdict)) use.needsAction += 1;
      else use.other += 1;
    }
    return use;
  });
}
