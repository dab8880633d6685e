import type { Finding, RuleInfo, ScanResult, Summary } from "../model/finding.js";
import type { SourceKind } from "../model/resource.js";
import { pathUnderBase, type ReportOptions } from "./options.js";
import { indexRules, ruleFor, sortFindings, summarize } from "./summary.js";

/** Bumped only on an incompatible change; readers (store, baseline) check it. */
export const JSON_SCHEMA_VERSION = 1;

/** The stable JSON report (DESIGN.md), as the store keeps it and other tools read it back. */
export interface JsonReport {
  schemaVersion: typeof JSON_SCHEMA_VERSION;
  tool: { name: "cbguard"; version: string };
  scan: {
    kind: SourceKind;
    startedAt: string;
    inputs: string[];
    resourceCount: number;
    account?: string;
    regions?: string[];
    notRead?: string[];
    apiCalls?: Record<string, number>;
  };
  summary: Summary;
  results: JsonResult[];
}

/**
 * A finding with its rule's metadata, so the report stands alone. `resource.location.file` is made
 * relative to baseDir when under it; `attribute` is evidence for the audit report.
 */
export interface JsonResult extends Finding, Pick<RuleInfo, "title" | "severity" | "runbook" | "guideSection"> {}

/** Every finding, passes included, in one deterministic order so two scans diff cleanly. */
export function toJsonReport(result: ScanResult, options: ReportOptions): JsonReport {
  const rules = indexRules(result.rules);
  const scan: JsonReport["scan"] = {
    kind: result.kind,
    startedAt: result.startedAt,
    inputs: [...result.inputs],
    resourceCount: result.resourceCount,
  };
  if (result.account !== undefined) scan.account = result.account;
  if (result.regions !== undefined) scan.regions = [...result.regions];
  if (result.notRead !== undefined) scan.notRead = [...result.notRead];
  if (result.apiCalls !== undefined) scan.apiCalls = { ...result.apiCalls };

  const results = sortFindings(result.findings, rules).map((f): JsonResult => {
    const rule = ruleFor(rules, f);
    const resource: JsonResult["resource"] = { address: f.resource.address, type: f.resource.type };
    const location = definedOnly(f.resource.location);
    // Relative to baseDir when the file is under it, so scans from different checkouts compare
    // equal; otherwise as the source gave it (the JSON keeps evidence, not just what GitHub wants).
    if (location?.file !== undefined) location.file = pathUnderBase(location.file, options) ?? location.file;
    if (location !== undefined) resource.location = location;
    const waiver = definedOnly(f.waiver);
    return {
      ruleId: f.ruleId,
      title: rule.title,
      severity: rule.severity,
      verdict: f.verdict,
      resource,
      message: f.message,
      ...(f.reason !== undefined ? { reason: f.reason } : {}),
      ...(f.attribute !== undefined ? { attribute: f.attribute } : {}),
      runbook: rule.runbook,
      guideSection: rule.guideSection,
      ...(waiver !== undefined ? { waiver } : {}),
    };
  });

  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: "cbguard", version: options.toolVersion },
    scan,
    summary: summarize(result.findings),
    results,
  };
}

export function renderJson(result: ScanResult, options: ReportOptions): string {
  return `${JSON.stringify(toJsonReport(result, options), null, 2)}\n`;
}

// Copies without undefined-valued keys, so an optional field is absent rather than present-empty;
// an object left with no keys at all is dropped.
function definedOnly<T extends object>(o: T | undefined): T | undefined {
  if (o === undefined) return undefined;
  const entries = Object.entries(o).filter(([, v]) => v !== undefined);
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T);
}
