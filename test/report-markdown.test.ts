import { describe, expect, it } from "vitest";
import type { Finding } from "../src/model/finding.js";
import { MARKDOWN_LIST_CAP, md, renderMarkdown } from "../src/report/markdown.js";
import { OPTIONS, findings, scanResult } from "./helpers/report-fixture.js";

const RUNBOOK = "https://github.com/classboard/classboard-guard/blob/main/docs/runbooks/";

function section(text: string, heading: string): string {
  const start = text.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const next = text.indexOf("\n#### ", start + heading.length);
  const details = text.indexOf("\n<details>", start);
  const ends = [next, details].filter((i) => i >= 0);
  return text.slice(start, ends.length > 0 ? Math.min(...ends) : undefined);
}

describe("Markdown report", () => {
  const text = renderMarkdown(scanResult(), OPTIONS);

  it("opens with a status heading and one row of counts", () => {
    expect(text.split("\n")[0]).toBe("### ❌ cbguard plan scan: 5 failed, 1 unknown");
    expect(text).toContain("| Critical | High | Medium | Low | Passed | Failed | Unknown | Waived | Not applicable |");
    // Failures only by severity: the waived medium one is not counted, the expired low one is.
    expect(text).toContain("| 1 | 2 | 0 | 2 | 2 | 5 | 1 | 1 | 1 |");
    expect(text.endsWith("\n")).toBe(true);
  });

  it("groups failures by rule, most severe first, with runbook links", () => {
    const failures = section(text, "#### Failures");
    const order = ["CB-S3-002", "CB-RDS-001", "CB-TAG-004"].map((id) => failures.indexOf(`**[${id}]`));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(failures).toContain(`**[CB-RDS-001](${RUNBOOK}CB-RDS-001.md)** RDS instances must be Multi-AZ · high · 2 resources`);
    expect(failures.match(/\*\*\[CB-RDS-001\]/g)).toHaveLength(1);
    expect(failures).toContain("<code>terraform/modules/database/main.tf:12</code>");
    expect(failures).toContain("multi\\_az is false");
    expect(failures).toContain("(waiver expired on 2026-10-01)");
    expect(failures).not.toContain("aws\\_cloudtrail.main");
  });

  it("lists unknown results with their reason and waived ones with reason and expiry", () => {
    expect(section(text, "#### Could not be decided")).toContain(
      "<code>aws\\_s3\\_bucket.assets</code> (<code>plans/tfplan.json</code>): the public access block&#39;s bucket is known only after apply",
    );
    const waived = section(text, "#### Waived");
    expect(waived).toContain(`[CB-LOG-003](${RUNBOOK}CB-LOG-003.md) <code>aws\\_cloudtrail.main</code>`);
    expect(waived).toContain("the organization trail covers it \\(until 2027-01-31, owner platform-team\\)");
  });

  it("folds passes into <details>", () => {
    const start = text.indexOf("<details><summary>2 passed</summary>");
    const end = text.indexOf("</details>");
    expect(start).toBeGreaterThan(text.indexOf("#### Waived"));
    expect(end).toBeGreaterThan(start);
    const passes = text.slice(start, end);
    expect(passes).toContain("module.replica.aws\\_db\\_instance.main");
    expect(text.indexOf("module.replica")).toBe(text.indexOf("module.replica", start));
  });

  it("never lets input inject HTML, links or table cells", () => {
    expect(text).not.toContain("<script>");
    expect(text).not.toContain("<b>");
    expect(text).toContain("&lt;script&gt;alert\\(1\\)&lt;/script&gt;");
    expect(text).toContain("\\[here\\]\\(http://evil\\)");
    // The only raw "|" are the table's own.
    for (const line of text.split("\n").filter((l) => !l.startsWith("|"))) expect(line).not.toContain("|");
    expect(text).toContain("&#124;");
  });

  it("escapes what Markdown and HTML would interpret", () => {
    expect(md("a<b>&c")).toBe("a&lt;b&gt;&amp;c");
    expect(md("x|y")).toBe("x&#124;y");
    expect(md("`code` *em* _u_ [l](u) # !")).toBe("\\`code\\` \\*em\\* \\_u\\_ \\[l\\]\\(u\\) \\# \\!");
    expect(md("line\nbreak\u001b[31m")).toBe("line break \\[31m");
    expect(md("@org/team")).toBe("@\u200borg/team");
    expect(md("&#124;")).toBe("&amp;\\#124;");
  });

  it("caps a long list", () => {
    const base = findings()["hclFail"]!;
    const many: Finding[] = Array.from({ length: MARKDOWN_LIST_CAP + 10 }, (_, i) => ({
      ...base,
      resource: { ...base.resource, address: `aws_db_instance.db${String(i).padStart(3, "0")}` },
    }));
    const out = renderMarkdown(scanResult({ findings: many }), OPTIONS);
    expect(out.match(/^- <code>aws\\_db\\_instance/gm)).toHaveLength(MARKDOWN_LIST_CAP);
    expect(out).toContain("- … and 10 more");
    expect(out).toContain("60 resources");
  });

  it("shows a clean scan as passed", () => {
    const clean = scanResult({ findings: [findings()["planPass"]!, findings()["tagPass"]!] });
    const out = renderMarkdown(clean, OPTIONS);
    expect(out.split("\n")[0]).toBe("### ✅ cbguard plan scan: all checks passed");
    expect(out).not.toContain("#### Failures");
  });

  it("warns when nothing failed but something is unknown", () => {
    const out = renderMarkdown(scanResult({ findings: [findings()["planUnknown"]!] }), OPTIONS);
    expect(out.split("\n")[0]).toBe("### ⚠️ cbguard plan scan: 1 unknown");
  });
});
