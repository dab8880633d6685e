import type * as Sarif from "sarif";
import { FINGERPRINT_KEY, fingerprint } from "../model/fingerprint.js";
import type { Finding, RuleInfo, ScanResult, Severity } from "../model/finding.js";
import {
  DEFAULT_INFORMATION_URI,
  DEFAULT_LIVE_URI,
  directoryFileUrl,
  pathToUri,
  relativePath,
  runbookUrl,
  type ReportOptions,
} from "./options.js";
import { describeWaiver, explain, hasExpiredWaiver, indexRules, isWaived, ruleFor, sortFindings } from "./summary.js";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT = "%SRCROOT%";

// GitHub reads security-severity as a CVSS-like score in a string: >9 critical, 7-8.9 high,
// 4-6.9 medium, below that low.
const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };
const LEVEL: Record<Severity, Sarif.Result.level> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
};
// CodeQL's problem.severity vocabulary, which GitHub shows for non-security alerts.
const PROBLEM_SEVERITY: Record<Severity, string> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "recommendation",
};

/**
 * SARIF 2.1.0 for code scanning: one run; a result per fail or unknown finding (passes and
 * not-applicable stay in the JSON report, code scanning would only show them as noise).
 */
export function toSarif(result: ScanResult, options: ReportOptions): Sarif.Log {
  const rules = indexRules(result.rules);
  const ruleIndexes = new Map(result.rules.map((r, i) => [r.id, i]));
  const findings = sortFindings(
    result.findings.filter((f) => f.verdict === "fail" || f.verdict === "unknown"),
    rules,
  );
  const category = (options.sarifCategory ?? `cbguard/${result.kind}`).replace(/\/+$/, "");

  const run: Sarif.Run = {
    tool: {
      driver: {
        name: "cbguard",
        version: options.toolVersion,
        informationUri: options.informationUri ?? DEFAULT_INFORMATION_URI,
        rules: result.rules.map((r) => toDescriptor(r, options)),
      },
    },
    // The trailing "/" makes the whole id the category; GitHub refuses two runs with one category.
    automationDetails: { id: `${category}/` },
    results: findings.map((f) => toResult(f, ruleFor(rules, f), ruleIndexes.get(f.ruleId), result, options)),
  };
  if (options.srcRoot !== undefined) {
    run.originalUriBaseIds = { [SRCROOT]: { uri: directoryFileUrl(options.srcRoot, options) } };
  }
  return { $schema: SARIF_SCHEMA_URI, version: "2.1.0", runs: [run] };
}

export function renderSarif(result: ScanResult, options: ReportOptions): string {
  return `${JSON.stringify(toSarif(result, options), null, 2)}\n`;
}


function toDescriptor(rule: RuleInfo, options: ReportOptions): Sarif.ReportingDescriptor {
  const url = runbookUrl(rule.runbook, options);
  return {
    id: rule.id,
    name: pascalCase(rule.title) || rule.id.replace(/[^A-Za-z0-9]/g, ""),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    helpUri: url,
    help: {
      text: `${rule.description}\n\nSeverity: ${rule.severity}. Guide section: ${rule.guideSection}. Runbook: ${url}`,
      markdown: [
        rule.description,
        "",
        `**Severity:** ${rule.severity}  `,
        `**Guide section:** ${rule.guideSection}  `,
        `**Runbook:** [${rule.runbook}](${url})`,
      ].join("\n"),
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      "security-severity": SECURITY_SEVERITY[rule.severity],
      tags: ["security", "classboard", rule.guideSection],
      precision: "high",
      "problem.severity": PROBLEM_SEVERITY[rule.severity],
    },
  };
}

/** "RDS instances must be Multi-AZ" → "RDSInstancesMustBeMultiAZ". */
function pascalCase(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

function toResult(
  f: Finding,
  rule: RuleInfo,
  ruleIndex: number | undefined,
  scan: ScanResult,
  options: ReportOptions,
): Sarif.Result {
  const address = f.resource.address;
  const unknown = f.verdict === "unknown";
  let text = unknown
    ? `${address}: the verdict could not be reached: ${explain(f)}`
    : `${address}: ${f.message}`;
  if (hasExpiredWaiver(f)) text += ` The waiver expired on ${f.waiver!.until}.`;

  const logical: Sarif.LogicalLocation[] = [{ fullyQualifiedName: address, kind: "resource" }];
  const arn = f.resource.location?.arn;
  if (arn !== undefined && arn !== address) logical.push({ name: "arn", fullyQualifiedName: arn, kind: "resource" });

  const r: Sarif.Result = {
    ruleId: f.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    // An unknown is something to review, not a failure.
    kind: unknown ? "review" : "fail",
    // SARIF 2.1.0 §3.27.10: a result whose kind is not "fail" has level "none".
    level: unknown ? "none" : LEVEL[rule.severity],
    message: { text },
    locations: [{ physicalLocation: physicalLocation(f, scan, options), logicalLocations: logical }],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(f.ruleId, address) },
    properties: { verdict: f.verdict, resourceType: f.resource.type, severity: rule.severity },
  };
  if (isWaived(f)) {
    r.suppressions = [{ kind: "external", status: "accepted", justification: describeWaiver(f.waiver!) }];
  }
  return r;
}

/**
 * GitHub needs a file and a line on every result. A resource with no file (live: only an ARN; a
 * scope result) points at the plan file for a plan scan, otherwise at the `liveUri` placeholder,
 * and its real identity is in logicalLocations.
 */
function physicalLocation(f: Finding, scan: ScanResult, options: ReportOptions): Sarif.PhysicalLocation {
  const loc = f.resource.location;
  const file = loc?.file;
  let uri: string;
  if (file !== undefined && file !== "") uri = pathToUri(relativePath(file, options));
  else if (scan.kind === "plan" && scan.inputs[0] !== undefined) uri = pathToUri(relativePath(scan.inputs[0], options));
  else uri = pathToUri(options.liveUri ?? DEFAULT_LIVE_URI);
  if (uri === "") uri = DEFAULT_LIVE_URI;

  const startLine = file !== undefined && loc?.startLine !== undefined && loc.startLine >= 1 ? loc.startLine : 1;
  const region: Sarif.Region = { startLine };
  if (file !== undefined && loc?.endLine !== undefined && loc.endLine >= startLine) region.endLine = loc.endLine;
  return { artifactLocation: { uri, uriBaseId: SRCROOT }, region };
}
