import type { Finding, RuleInfo, ScanResult } from "../model/finding.js";
import { relativePath, runbookUrl, type ReportOptions } from "./options.js";
import {
  describeWaiver,
  failuresBySeverity,
  hasExpiredWaiver,
  indexRules,
  outcome,
  ruleFor,
  sortFindings,
  summarize,
  type Outcome,
  type RuleIndex,
} from "./summary.js";

/** Longest list printed per group; GitHub caps a comment at 65,536 characters. */
export const MARKDOWN_LIST_CAP = 50;

/**
 * Most characters a report may have: GitHub refuses a PR comment over 65,536, and a bot that
 * posts the report usually adds a line or two of its own. Lists are shortened to fit.
 */
export const MARKDOWN_MAX_CHARS = 60_000;

/** Longest message or reason shown for one result, in characters before escaping. */
export const MARKDOWN_MESSAGE_CAP = 400;

// Tried in turn until the report fits MARKDOWN_MAX_CHARS; every rule with a failure keeps its
// heading at any size, so a reviewer still sees what to fix.
const SHRINKING_CAPS = [MARKDOWN_LIST_CAP, 20, 10, 5, 3, 1];

interface Layout {
  /** Results listed per group. */
  cap: number;
  /** Whether the passes are listed inside <details>, or only counted. */
  passes: boolean;
}

/**
 * A PR comment (or $GITHUB_STEP_SUMMARY) a reviewer takes in at a glance: status, counts, then
 * what to fix grouped by rule, what could not be decided, what is waived, and passes folded away.
 * Never longer than MARKDOWN_MAX_CHARS: lists shrink first, then the list of passes goes, and
 * the report says so and points at the SARIF and JSON reports, which have every result.
 */
export function renderMarkdown(result: ScanResult, options: ReportOptions): string {
  let text = "";
  for (const layout of [
    ...SHRINKING_CAPS.map((cap) => ({ cap, passes: true })),
    { cap: 1, passes: false },
  ]) {
    text = layOut(result, options, layout);
    if (text.length <= MARKDOWN_MAX_CHARS) return text;
  }
  // Only very many rules or a flood of unknowns and waivers get here: cut at a line.
  const note = `\n\n${SHORTENED} (cut at ${MARKDOWN_MAX_CHARS} characters)\n`;
  const cut = text.lastIndexOf("\n", MARKDOWN_MAX_CHARS - note.length);
  return `${text.slice(0, Math.max(cut, 0))}${note}`;
}

const SHORTENED = "_The lists are shortened to fit a comment; the SARIF and JSON reports have every result._";

function layOut(result: ScanResult, options: ReportOptions, layout: Layout): string {
  const rules = indexRules(result.rules);
  const sorted = sortFindings(result.findings, rules);
  const by = (o: Outcome): Finding[] => sorted.filter((f) => outcome(f) === o);
  const summary = summarize(result.findings);
  const bySeverity = failuresBySeverity(result.findings, rules);
  const inputs = new Set(result.inputs.map((i) => relativePath(i, options)));
  const ref = (f: Finding): string => resourceRef(f, options, inputs);
  const capped = (fs: readonly Finding[], line: (f: Finding) => string): string[] => cappedList(fs, layout.cap, line);
  let shortened = false;
  const checkCap = (fs: readonly Finding[]): void => {
    if (fs.length > layout.cap) shortened = true;
  };

  const icon = summary.fail > 0 ? "❌" : summary.unknown > 0 ? "⚠️" : "✅";
  const status =
    summary.fail > 0 || summary.unknown > 0
      ? [
          summary.fail > 0 ? `${summary.fail} failed` : "",
          summary.unknown > 0 ? `${summary.unknown} unknown` : "",
        ]
          .filter((s) => s !== "")
          .join(", ")
      : "all checks passed";

  const out: string[] = [`### ${icon} cbguard ${result.kind} scan: ${status}`, "", scanLine(result), ""];
  out.push(
    "| Critical | High | Medium | Low | Passed | Failed | Unknown | Waived | Not applicable |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${bySeverity.critical} | ${bySeverity.high} | ${bySeverity.medium} | ${bySeverity.low} ` +
      `| ${summary.pass} | ${summary.fail} | ${summary.unknown} | ${summary.waived} | ${summary.not_applicable} |`,
  );

  const failures = groupByRule(by("fail"), rules);
  if (failures.length > 0) {
    out.push("", "#### Failures");
    for (const [rule, fs] of failures) {
      checkCap(fs);
      out.push("", `**${ruleLink(rule, options)}** ${md(rule.title)} · ${rule.severity} · ${count(fs.length)}`, "");
      out.push(
        ...capped(fs, (f) => {
          const expired = hasExpiredWaiver(f) ? ` (waiver expired on ${md(f.waiver!.until)})` : "";
          return `- ${ref(f)}: ${md(clip(f.message))}${expired}`;
        }),
      );
    }
  }

  const unknown = groupByRule(by("unknown"), rules);
  if (unknown.length > 0) {
    out.push("", "#### Could not be decided");
    for (const [rule, fs] of unknown) {
      checkCap(fs);
      out.push("", `**${ruleLink(rule, options)}** ${md(rule.title)} · ${rule.severity} · ${count(fs.length)}`, "");
      out.push(
        ...capped(fs, (f) => {
          const expired = hasExpiredWaiver(f) ? ` (waiver expired on ${md(f.waiver!.until)})` : "";
          return `- ${ref(f)}: ${md(clip(f.reason ?? f.message))}${expired}`;
        }),
      );
    }
  }

  const waived = by("waived");
  if (waived.length > 0) {
    checkCap(waived);
    out.push("", "#### Waived", "");
    out.push(
      ...capped(
        waived,
        (f) => `- ${ruleLink(ruleFor(rules, f), options)} ${ref(f)}: ${md(clip(describeWaiver(f.waiver!)))}`,
      ),
    );
  }

  const passes = groupByRule(by("pass"), rules);
  if (passes.length > 0 && layout.passes) {
    out.push("", `<details><summary>${summary.pass} passed</summary>`, "");
    for (const [rule, fs] of passes) {
      const shown = fs.slice(0, MARKDOWN_LIST_CAP).map((f) => code(f.resource.address));
      const more = fs.length > MARKDOWN_LIST_CAP ? `, … and ${fs.length - MARKDOWN_LIST_CAP} more` : "";
      out.push(`- ${ruleLink(rule, options)} ${md(rule.title)}: ${shown.join(", ")}${more}`);
    }
    out.push("", "</details>");
  } else if (passes.length > 0) {
    shortened = true;
    out.push("", `${summary.pass} passed (not listed).`);
  }
  if (shortened) out.push("", SHORTENED);
  return `${out.join("\n")}\n`;
}

function scanLine(result: ScanResult): string {
  const inputs = result.inputs.slice(0, 5).map(code).join(", ") + (result.inputs.length > 5 ? ", …" : "");
  const parts = [`${result.resourceCount} resources`];
  if (inputs !== "") parts.push(`from ${inputs}`);
  if (result.account !== undefined) parts.push(`account ${code(result.account)}`);
  if (result.regions !== undefined && result.regions.length > 0) {
    parts.push(`regions ${result.regions.map(code).join(", ")}`);
  }
  parts.push(`started ${md(result.startedAt)}`);
  if (result.apiCalls) parts.push(`${Object.values(result.apiCalls).reduce((n, c) => n + c, 0)} API calls`);
  if (result.notRead?.length) parts.push(`**${result.notRead.length} not read** (${result.notRead.slice(0, 3).map(md).join("; ")}${result.notRead.length > 3 ? "; …" : ""})`);
  return parts.join(" · ");
}

/** Findings grouped by rule, groups in the order of their first (most severe) finding. */
function groupByRule(findings: readonly Finding[], rules: RuleIndex): [RuleInfo, Finding[]][] {
  const groups = new Map<string, [RuleInfo, Finding[]]>();
  for (const f of findings) {
    const group = groups.get(f.ruleId);
    if (group) group[1].push(f);
    else groups.set(f.ruleId, [ruleFor(rules, f), [f]]);
  }
  return [...groups.values()];
}

function cappedList(findings: readonly Finding[], cap: number, line: (f: Finding) => string): string[] {
  const lines = findings.slice(0, cap).map(line);
  if (findings.length > cap) lines.push(`- … and ${findings.length - cap} more`);
  return lines;
}

/** A message cut to MARKDOWN_MESSAGE_CAP characters (code points), so one result cannot fill the comment. */
function clip(s: string): string {
  const chars = Array.from(s);
  return chars.length <= MARKDOWN_MESSAGE_CAP ? s : `${chars.slice(0, MARKDOWN_MESSAGE_CAP - 1).join("")}…`;
}

function count(n: number): string {
  return n === 1 ? "1 resource" : `${n} resources`;
}

function ruleLink(rule: RuleInfo, options: ReportOptions): string {
  return `[${md(rule.id)}](${linkTarget(runbookUrl(rule.runbook, options))})`;
}

/**
 * The address, and `file:line` when the source knew one (relative to baseDir, like SARIF). A
 * scanned input with no line (the plan JSON itself) is left out: the heading names it already,
 * and on every line it would only push the message out of sight.
 */
function resourceRef(f: Finding, options: ReportOptions, inputs: ReadonlySet<string>): string {
  const loc = f.resource.location;
  if (loc?.file === undefined || loc.file === "") return code(f.resource.address);
  const file = relativePath(loc.file, options);
  const line = loc.startLine !== undefined && loc.startLine >= 1 ? `:${loc.startLine}` : "";
  if (line === "" && inputs.has(file)) return code(f.resource.address);
  return `${code(f.resource.address)} (${code(file + line)})`;
}

// Inline HTML rather than backticks: a backtick in the input cannot close it, and the content
// is escaped like any other text.
function code(s: string): string {
  return `<code>${md(s)}</code>`;
}

/**
 * Text from input (addresses, messages, reasons) made inert: HTML special characters become
 * entities (no tags, no table-breaking "|"), Markdown punctuation is backslash-escaped (no links,
 * emphasis or headings), line breaks become spaces, and "@" cannot mention a user or team.
 */
export function md(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ")
      // Backslashes first: the entities added next contain "#", which must stay unescaped.
      .replace(/[\\`*_{}[\]()#!~]/g, "\\$&")
      .replace(/[&<>"'|]/g, (c) => ENTITY[c]!)
      .replace(/@/g, "@\u200b")
  );
}

const ENTITY: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "|": "&#124;",
};

/** A URL safe inside `(…)` of a Markdown link. */
function linkTarget(url: string): string {
  return url.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}
