import type { Finding, RuleInfo, ScanResult } from "../model/finding.js";
import { relativePath, runbookUrl, type ReportOptions } from "./options.js";
import {
  describeWaiver,
  explain,
  hasExpiredWaiver,
  indexRules,
  outcome,
  ruleFor,
  sortFindings,
  summarize,
  type Outcome,
} from "./summary.js";

/**
 * JUnit XML in the shape Surefire writes and Jenkins, GitLab, Azure DevOps and the GitHub test
 * report actions read: `<testsuites>`, one `<testsuite>` per rule that has results (most severe
 * rule first), one `<testcase>` per (rule, resource) result.
 *
 * - fail: `<failure type="<severity>">`, the message in `message`, the details and the runbook
 *   link in the body. An expired waiver is a failure and says so.
 * - unknown: `<error type="unknown">`. JUnit's "error" is "the test could not be carried out",
 *   which is what unknown means: every CI tool counts it as not passed (it never reads as green),
 *   yet it is counted and shown apart from failures, so "fix this" and "could not be decided" stay
 *   distinguishable.
 * - waived (a fail or unknown under a live waiver) and not_applicable: `<skipped message>`, the
 *   waiver's reason, expiry and owner or the not-applicable reason in the message.
 * - pass: an empty `<testcase>`.
 *
 * Rules with no result in this scan have no suite. Times are 0: checks are not timed one by one.
 */
export function renderJunit(result: ScanResult, options: ReportOptions): string {
  const rules = indexRules(result.rules);
  const groups = new Map<string, [RuleInfo, Finding[]]>();
  for (const f of sortFindings(result.findings, rules)) {
    const group = groups.get(f.ruleId);
    if (group) group[1].push(f);
    else groups.set(f.ruleId, [ruleFor(rules, f), [f]]);
  }

  const timestamp = junitTimestamp(result.startedAt);
  const suites = [...groups.values()].map(([rule, findings]) => {
    const c = counts(findings);
    const attrs = attributes({
      name: `${rule.id}: ${rule.title}`,
      tests: findings.length,
      failures: c.failures,
      errors: c.errors,
      skipped: c.skipped,
      time: 0,
      timestamp,
    });
    const properties = [
      property("severity", rule.severity),
      property("guideSection", rule.guideSection),
      property("runbook", runbookUrl(rule.runbook, options)),
    ];
    return [
      `  <testsuite${attrs}>`,
      "    <properties>",
      ...properties.map((p) => `      ${p}`),
      "    </properties>",
      ...findings.map((f) => testcase(f, rule, options)),
      "  </testsuite>",
    ].join("\n");
  });

  const total = counts(result.findings);
  const root = attributes({
    name: `cbguard ${result.kind} scan`,
    tests: result.findings.length,
    failures: total.failures,
    errors: total.errors,
    skipped: total.skipped,
    time: 0,
    timestamp,
  });
  const body = suites.length > 0 ? `\n${suites.join("\n")}\n` : "\n";
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${root}>${body}</testsuites>\n`;
}

function counts(findings: readonly Finding[]): { failures: number; errors: number; skipped: number } {
  const s = summarize(findings);
  return { failures: s.fail, errors: s.unknown, skipped: s.waived + s.not_applicable };
}

function testcase(f: Finding, rule: RuleInfo, options: ReportOptions): string {
  const loc = f.resource.location;
  const file = loc?.file !== undefined && loc.file !== "" ? relativePath(loc.file, options) : undefined;
  const line = file !== undefined && loc?.startLine !== undefined && loc.startLine >= 1 ? loc.startLine : undefined;
  const attrs = attributes({ classname: rule.id, name: f.resource.address, file, line, time: 0 });

  const o: Outcome = outcome(f);
  switch (o) {
    case "pass":
      return `    <testcase${attrs}/>`;
    case "not_applicable":
      return `    <testcase${attrs}>\n      <skipped${attributes({ message: `not applicable: ${explain(f)}` })}/>\n    </testcase>`;
    case "waived":
      return (
        `    <testcase${attrs}>\n` +
        `      <skipped${attributes({ message: `waived (${f.verdict}): ${describeWaiver(f.waiver!)}` })}/>\n` +
        "    </testcase>"
      );
    case "fail":
    case "unknown": {
      const element = o === "fail" ? "failure" : "error";
      const type = o === "fail" ? rule.severity : "unknown";
      const message = o === "fail" ? f.message : explain(f);
      const details = [
        message,
        "",
        `Rule: ${rule.id} ${rule.title} (${rule.severity}; guide section: ${rule.guideSection})`,
        `Resource: ${f.resource.address} (${f.resource.type})`,
      ];
      if (file !== undefined) details.push(`Location: ${file}${line !== undefined ? `:${line}` : ""}`);
      if (loc?.arn !== undefined && loc.arn !== f.resource.address) details.push(`ARN: ${loc.arn}`);
      if (loc?.apiCall !== undefined) details.push(`API call: ${loc.apiCall}`);
      if (f.attribute !== undefined) details.push(`Attribute: ${f.attribute}`);
      if (o === "unknown" && f.reason !== undefined) details.push(`Why unknown: ${f.reason}`);
      if (hasExpiredWaiver(f)) details.push(`Waiver expired on ${f.waiver!.until}: ${describeWaiver(f.waiver!)}`);
      details.push(`Runbook: ${runbookUrl(rule.runbook, options)}`);
      return (
        `    <testcase${attrs}>\n` +
        `      <${element}${attributes({ message, type })}>${xmlText(details.join("\n"))}</${element}>\n` +
        "    </testcase>"
      );
    }
  }
}

function property(name: string, value: string): string {
  return `<property${attributes({ name, value })}/>`;
}

/** ` a="1" b="2"` for the defined values, in the order given. */
function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttribute(String(v))}"`)
    .join("");
}

/**
 * Ant's JUnit schema wants `yyyy-mm-ddThh:mm:ss` with no zone: the scan's start in UTC, or
 * nothing when `startedAt` is not a date.
 */
function junitTimestamp(startedAt: string): string | undefined {
  const t = Date.parse(startedAt);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString().slice(0, 19);
}

// Everything XML 1.0 does not allow in a document: C0 controls other than tab, LF and CR,
// lone surrogates, U+FFFE and U+FFFF. Not even a character reference can carry them (&#1; is
// not well-formed), so each becomes U+FFFD, the replacement character.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITY: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

/** Character data: markup characters escaped (`>` too, so `]]>` cannot appear); CR kept as `&#13;`. */
export function xmlText(s: string): string {
  return s.replace(NOT_XML, "\uFFFD").replace(/[&<>"'\r]/g, (c) => ENTITY[c]!);
}

/**
 * An attribute value between double quotes: as text, plus tab and line breaks as references, which
 * a parser's attribute-value normalisation would otherwise turn into spaces.
 */
export function xmlAttribute(s: string): string {
  return s.replace(NOT_XML, "\uFFFD").replace(/[&<>"'\t\n\r]/g, (c) => ENTITY[c]!);
}

