import type { Location, SourceKind } from "./resource.js";

export type Verdict = "pass" | "fail" | "unknown" | "not_applicable";
export const VERDICTS: readonly Verdict[] = ["pass", "fail", "unknown", "not_applicable"];

export type Severity = "critical" | "high" | "medium" | "low";
/** Most severe first. */
export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];

/** Rule metadata a report needs; the engine owns how rules are evaluated. */
export interface RuleInfo {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  /** Section of the deployment guide the rule enforces, e.g. "Database". */
  guideSection: string;
  /** Repository-relative path of the runbook, e.g. docs/runbooks/CB-RDS-001.md. */
  runbook: string;
}

export interface Waiver {
  reason: string;
  until: string;
  owner?: string;
  expired: boolean;
}

/** One (rule, resource) pair and its verdict. */
export interface Finding {
  ruleId: string;
  verdict: Verdict;
  resource: {
    address: string;
    type: string;
    location?: Location;
  };
  message: string;
  /** Why the verdict is unknown (or not applicable). */
  reason?: string;
  /** Dotted path of the attribute the verdict turned on, when one did. */
  attribute?: string;
  waiver?: Waiver;
}

export interface Summary {
  pass: number;
  fail: number;
  unknown: number;
  not_applicable: number;
  waived: number;
}

/** Everything a report formatter needs: pure data, no re-judging. */
export interface ScanResult {
  kind: SourceKind;
  startedAt: string;
  inputs: string[];
  resourceCount: number;
  account?: string;
  regions?: string[];
  /** What the source could not read (a live call denied or failed, a remote module): the verdicts do not cover it. */
  notRead?: string[];
  /** Live: API calls made per service. */
  apiCalls?: Record<string, number>;
  rules: RuleInfo[];
  findings: Finding[];
}
