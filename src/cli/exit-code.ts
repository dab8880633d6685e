import { SEVERITIES, type Finding, type RuleInfo, type Severity } from "../model/finding.js";
import { isWaived } from "../report/summary.js";

export const FAIL_ON = ["critical", "high", "medium", "low", "none"] as const;
export type FailOn = (typeof FAIL_ON)[number];

export const EXIT = { ok: 0, findings: 1, usage: 2, incomplete: 3 } as const;

/** DESIGN.md's exit codes: 1 for an unwaived failure at or above the threshold, 3 for unknowns when asked. */
export function exitCode(findings: readonly Finding[], rules: readonly RuleInfo[], failOn: FailOn, failOnUnknown: boolean): number {
  const severity = new Map(rules.map((r) => [r.id, r.severity]));
  const limit = failOn === "none" ? -1 : SEVERITIES.indexOf(failOn as Severity);
  const counts = (f: Finding) => !isWaived(f) && SEVERITIES.indexOf(severity.get(f.ruleId) ?? "low") <= limit;
  if (findings.some((f) => f.verdict === "fail" && counts(f))) return EXIT.findings;
  if (failOnUnknown && findings.some((f) => f.verdict === "unknown" && !isWaived(f))) return EXIT.incomplete;
  return EXIT.ok;
}
