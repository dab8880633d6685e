import { describe, expect, it } from "vitest";
import {
  REPORT_FORMATS,
  isReportFormat,
  render,
  renderJson,
  renderJunit,
  renderMarkdown,
  renderSarif,
  renderText,
} from "../src/report/index.js";
import { OPTIONS, scanResult } from "./helpers/report-fixture.js";

describe("render", () => {
  it("dispatches each format to its formatter", () => {
    const result = scanResult();
    expect(render("json", result, OPTIONS)).toBe(renderJson(result, OPTIONS));
    expect(render("sarif", result, OPTIONS)).toBe(renderSarif(result, OPTIONS));
    expect(render("markdown", result, OPTIONS)).toBe(renderMarkdown(result, OPTIONS));
    expect(render("text", result, OPTIONS)).toBe(renderText(result, OPTIONS));
    expect(render("junit", result, OPTIONS)).toBe(renderJunit(result, OPTIONS));
  });

  it("knows its formats", () => {
    expect(REPORT_FORMATS).toEqual(["json", "sarif", "markdown", "text", "junit"]);
    expect(isReportFormat("sarif")).toBe(true);
    expect(isReportFormat("html")).toBe(false);
  });

  it("is pure: the same input renders the same text and is not modified", () => {
    const result = scanResult();
    const before = JSON.stringify(result);
    for (const format of REPORT_FORMATS) expect(render(format, result, OPTIONS)).toBe(render(format, result, OPTIONS));
    expect(JSON.stringify(result)).toBe(before);
  });
});
