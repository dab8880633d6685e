import type { ScanResult } from "../model/finding.js";
import { renderJson } from "./json.js";
import { renderJunit } from "./junit.js";
import { renderMarkdown } from "./markdown.js";
import type { ReportOptions } from "./options.js";
import { renderSarif } from "./sarif.js";
import { renderText } from "./text.js";

export * from "./options.js";
export * from "./summary.js";
export * from "./json.js";
export * from "./sarif.js";
export * from "./markdown.js";
export * from "./text.js";
export * from "./junit.js";

export const REPORT_FORMATS = ["json", "sarif", "markdown", "text", "junit"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const RENDERERS: Record<ReportFormat, (result: ScanResult, options: ReportOptions) => string> = {
  json: renderJson,
  sarif: renderSarif,
  markdown: renderMarkdown,
  text: renderText,
  junit: renderJunit,
};

/** The report in `format`, as the text to write; pure, so the caller decides where it goes. */
export function render(format: ReportFormat, result: ScanResult, options: ReportOptions): string {
  return RENDERERS[format](result, options);
}

export function isReportFormat(s: string): s is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(s);
}
