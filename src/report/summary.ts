import { SEVERITIES, VERDICTS } from "../model/finding.js";
import type { Finding, RuleInfo, Severity, Summary, Verdict, Waiver } from "../model/finding.js";

/** Which summary bucket a finding falls in: its verdict, or "waived". */
export type Outcome = Verdict | "waived";

/**
 * A waiver only changes a result that would otherwise need action (fail or unknown); a waiver on
 * a passing resource is simply unused. An expired waiver waives nothing: the engine marks it.
 */
export function isWaived(f: Finding): boolean {
  return f.waiver !== undefined && !f.waiver.expired && needsAction(f.verdict);
}

/** A fail or unknown whose waiver has run out: reports say so next to the failure. */
export function hasExpiredWaiver(f: Finding): boolean {
  return f.waiver !== undefined && f.waiver.expired && needsAction(f.verdict);
}

function needsAction(v: Verdict): boolean {
  return v === "fail" || v === "unknown";
}

export function outcome(f: Finding): Outcome {
  return isWaived(f) ? "waived" : f.verdict;
}

/** Counts per outcome; each finding counts exactly once, so the buckets add up to the total. */
export function summarize(findings: readonly Finding[]): Summary {
  const s: Summary = { pass: 0, fail: 0, unknown: 0, not_applicable: 0, waived: 0 };
  for (const f of findings) s[outcome(f)] += 1;
  return s;
}

/** 0 for critical, growing as severity falls. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export type RuleIndex = ReadonlyMap<string, RuleInfo>;

export function indexRules(rules: readonly RuleInfo[]): RuleIndex {
  return new Map(rules.map((r) => [r.id, r]));
}

/** A finding's rule; a finding for a rule missing from ScanResult.rules is an engine bug. */
export function ruleFor(index: RuleIndex, f: Finding): RuleInfo {
  const rule = index.get(f.ruleId);
  if (rule === undefined) {
    throw new Error(`finding for ${f.resource.address} names rule ${f.ruleId}, which is not in ScanResult.rules`);
  }
  return rule;
}

/** Most severe first, then rule id, then resource address, then verdict: one order for every report. */
export function sortFindings(findings: readonly Finding[], index: RuleIndex): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(ruleFor(index, a).severity) - severityRank(ruleFor(index, b).severity) ||
      compareText(a.ruleId, b.ruleId) ||
      compareText(a.resource.address, b.resource.address) ||
      VERDICTS.indexOf(a.verdict) - VERDICTS.indexOf(b.verdict),
  );
}

// Code-unit order, not localeCompare: the same bytes sort the same on every machine.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Unwaived failures per severity. */
export function failuresBySeverity(findings: readonly Finding[], index: RuleIndex): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of findings) if (outcome(f) === "fail") counts[ruleFor(index, f).severity] += 1;
  return counts;
}

/** "reason (until 2027-01-31, owner team-db)": how every report states a waiver. */
export function describeWaiver(w: Waiver): string {
  const owner = w.owner !== undefined && w.owner !== "" ? `, owner ${w.owner}` : "";
  return `${w.reason} (until ${w.until}${owner})`;
}

/** Message and reason as one sentence; the engine often gives the same words for both. */
export function explain(f: Finding): string {
  if (f.reason === undefined || f.reason === f.message) return f.message;
  return `${f.reason}: ${f.message}`;
}
