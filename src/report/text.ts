import type { Finding, ScanResult, Severity } from "../model/finding.js";
import { relativePath, type ReportOptions } from "./options.js";
import { cell, clean, length, truncate } from "./terminal.js";
import { explain, hasExpiredWaiver, indexRules, isWaived, ruleFor, sortFindings, summarize } from "./summary.js";

// Widest a column may grow before it is cut with "…"; the message is last, so only capped.
const MAX = { severity: 8, rule: 24, resource: 60, message: 120 } as const;
const GAP = "  ";

const ESC = "\u001b[";
const RESET = `${ESC}0m`;
const SEVERITY_COLOUR: Record<Severity, string> = {
  critical: `${ESC}1;31m`,
  high: `${ESC}31m`,
  medium: `${ESC}33m`,
  low: `${ESC}36m`,
};
const BOLD = `${ESC}1m`;
const DIM = `${ESC}2m`;
const MAGENTA = `${ESC}35m`;
const RED = `${ESC}31m`;

interface Row {
  severity: Severity;
  rule: string;
  resource: string;
  /** Status marker ("[unknown]", "[waived …]"), shown before the message. */
  tag: string;
  message: string;
  waived: boolean;
  unknown: boolean;
  /** `file:line` when the source knows the line (HCL, or a plan read with --source). */
  where?: string;
}

/** A terminal table of what needs attention (fail and unknown), then one summary line. */
export function renderText(result: ScanResult, options: ReportOptions): string {
  const rules = indexRules(result.rules);
  const paint = (colour: string, s: string): string => (options.color === true ? `${colour}${s}${RESET}` : s);

  const rows = sortFindings(
    result.findings.filter((f) => f.verdict === "fail" || f.verdict === "unknown"),
    rules,
  ).map((f) => toRow(f, ruleFor(rules, f).severity, options));

  const width = {
    severity: columnWidth("SEVERITY", rows.map((r) => r.severity), MAX.severity),
    rule: columnWidth("RULE", rows.map((r) => r.rule), MAX.rule),
    resource: columnWidth("RESOURCE", rows.map((r) => r.resource), MAX.resource),
  };

  const lines: string[] = [];
  if (rows.length === 0) {
    lines.push("No failed or unknown results.");
  } else {
    const header = [cell("SEVERITY", width.severity), cell("RULE", width.rule), cell("RESOURCE", width.resource), "MESSAGE"];
    lines.push(paint(BOLD, header.join(GAP)));
    for (const r of rows) {
      // Pad before colouring, so escape codes never count towards the column width. A waived row
      // is dimmed as a whole (a reset inside it would end the dimming early).
      const colour = (c: string, text: string): string => (r.waived ? text : paint(c, text));
      const severity = colour(SEVERITY_COLOUR[r.severity], cell(r.severity, width.severity));
      const tag = r.tag === "" ? "" : `${colour(r.unknown ? MAGENTA : DIM, r.tag)} `;
      const message = truncate(r.message, Math.max(MAX.message - length(r.tag) - 1, 10));
      const line = [severity, cell(r.rule, width.rule), cell(r.resource, width.resource), `${tag}${message}`]
        .join(GAP)
        .trimEnd();
      lines.push(r.waived ? paint(DIM, line) : line);
      // Under the row, so the table keeps its columns: where to make the fix.
      if (r.where !== undefined) lines.push(paint(DIM, `${" ".repeat(width.severity)}${GAP}at ${r.where}`));
    }
  }

  const s = summarize(result.findings);
  const failed = `${s.fail} failed`;
  lines.push(
    "",
    `${result.resourceCount} resources, ${s.fail > 0 ? paint(RED, failed) : failed}, ${s.unknown} unknown, ` +
      `${s.pass} passed, ${s.waived} waived`,
  );
  if (result.apiCalls) {
    const calls = Object.entries(result.apiCalls).sort(([a], [b]) => (a < b ? -1 : 1));
    lines.push(`API calls: ${calls.reduce((n, [, c]) => n + c, 0)} (${calls.map(([svc, c]) => `${clean(svc)} ${c}`).join(", ")})`);
  }
  // The verdicts above do not cover these: said at the end, where a reader at 2 a.m. looks.
  if (result.notRead?.length) lines.push("", paint(MAGENTA, `Not read (${result.notRead.length}):`), ...result.notRead.map((n) => `  ${clean(n)}`));
  return `${lines.join("\n")}\n`;
}

function toRow(f: Finding, severity: Severity, options: ReportOptions): Row {
  const waived = isWaived(f);
  const unknown = f.verdict === "unknown";
  const tags: string[] = [];
  if (unknown) tags.push("unknown");
  if (waived) tags.push(`waived until ${f.waiver!.until}`);
  if (hasExpiredWaiver(f)) tags.push(`waiver expired ${f.waiver!.until}`);
  const message = unknown ? explain(f) : f.message;
  const at = where(f, options);
  return {
    severity,
    rule: clean(f.ruleId),
    resource: clean(f.resource.address),
    tag: tags.length > 0 ? clean(`[${tags.join(", ")}]`) : "",
    message: clean(message),
    waived,
    unknown,
    ...(at !== undefined ? { where: clean(at) } : {}),
  };
}

function where(f: Finding, options: ReportOptions): string | undefined {
  const loc = f.resource.location;
  return loc?.file !== undefined && loc.startLine !== undefined ? `${relativePath(loc.file, options)}:${loc.startLine}` : undefined;
}

function columnWidth(title: string, values: readonly string[], max: number): number {
  return Math.min(Math.max(length(title), ...values.map(length)), max);
}
