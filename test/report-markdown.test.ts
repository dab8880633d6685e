import { describe, expect, it } from "vitest";
import type { Finding } from "../src/model/finding.js";
import { MARKDOWN_LIST_CAP, MARKDOWN_MAX_CHARS, MARKDOWN_MESSAGE_CAP, md, renderMarkdown } from "../src/report/markdown.js";
import type { RuleInfo } from "../src/model/finding.js";
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
      "- <code>aws\\_s3\\_bucket.assets</code>: the public access block&#39;s bucket is known only after apply",
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

  it("names a file with a line, and leaves out the scanned input itself when it has no line", () => {
    // plans/tfplan.json is the scan's input (named in the heading): repeating it says nothing.
    expect(text).not.toContain("(<code>plans/tfplan.json</code>)");
    expect(text).toContain("from <code>plans/tfplan.json</code>");
    // A file that is not an input is named even without a line.
    const base = findings()["hclFail"]!;
    const noLine: Finding = { ...base, resource: { ...base.resource, location: { file: "terraform/db.tf" } } };
    expect(renderMarkdown(scanResult({ findings: [noLine] }), OPTIONS)).toContain("(<code>terraform/db.tf</code>)");
    // The input with a line (a plan mapped to source would not have one, but a .tf input does).
    const tf: Finding = { ...base, resource: { ...base.resource, location: { file: "plans/tfplan.json", startLine: 4 } } };
    expect(renderMarkdown(scanResult({ findings: [tf] }), OPTIONS)).toContain("(<code>plans/tfplan.json:4</code>)");
  });

  it("stays under a GitHub comment's size, keeping every failing rule's heading", () => {
    const base = findings()["hclFail"]!;
    const rules: RuleInfo[] = Array.from({ length: 60 }, (_, r) => ({
      id: `CB-GEN-${String(r).padStart(3, "0")}`,
      title: `Generated rule ${r}`,
      description: "generated",
      severity: "high",
      guideSection: "Test",
      runbook: `docs/runbooks/CB-GEN-${r}.md`,
    }));
    const many: Finding[] = rules.flatMap((rule) =>
      Array.from({ length: 80 }, (_, i): Finding => ({
        ...base,
        ruleId: rule.id,
        verdict: i % 10 === 9 ? "pass" : "fail",
        resource: { ...base.resource, address: `module.m${i}.aws_db_instance.instance_with_a_long_name_${i}` },
        message: `multi_az is false and a long explanation follows ${"x".repeat(100)}`,
      })),
    );
    const out = renderMarkdown(scanResult({ rules, findings: many }), OPTIONS);
    expect(out.length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARS);
    for (const rule of rules) expect(out).toContain(`**[${rule.id}]`);
    expect(out).toContain("| 0 | 4320 | 0 | 0 | 480 | 4320 | 0 | 0 | 0 |");
    expect(out).toContain("the SARIF and JSON reports have every result");
    expect(out).toMatch(/^- … and \d+ more$/m);
    // A report that fits is not shortened and says nothing about it.
    expect(text).not.toContain("shortened");
  });

  it("cuts a huge message, and cuts at a line when even the shortest layout is too long", () => {
    const base = findings()["hclFail"]!;
    const huge: Finding = { ...base, message: "y".repeat(10 * MARKDOWN_MESSAGE_CAP) };
    const one = renderMarkdown(scanResult({ findings: [huge] }), OPTIONS);
    expect(one).toContain(`${"y".repeat(MARKDOWN_MESSAGE_CAP - 1)}…`);
    expect(one).not.toContain("y".repeat(MARKDOWN_MESSAGE_CAP));

    const waived = findings()["waived"]!;
    const flood: Finding[] = Array.from({ length: 2000 }, (_, i) => ({
      ...waived,
      resource: { ...waived.resource, address: `aws_cloudtrail.t${i}` },
      waiver: { ...waived.waiver!, reason: "z".repeat(MARKDOWN_MESSAGE_CAP) },
    }));
    const rules: RuleInfo[] = Array.from({ length: 400 }, (_, r) => ({
      id: `CB-W-${r}`,
      title: "t".repeat(200),
      description: "d",
      severity: "medium",
      guideSection: "S",
      runbook: "r.md",
    }));
    const fails: Finding[] = rules.map((rule) => ({ ...base, ruleId: rule.id }));
    const out = renderMarkdown(scanResult({ rules: [...scanResult().rules, ...rules], findings: [...flood, ...fails] }), OPTIONS);
    expect(out.length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARS);
    expect(out).toMatch(/shortened to fit a comment; the SARIF and JSON reports have every result\._ \(cut at 60000 characters\)\n$/);
    expect(out.split("\n")[0]).toBe("### ❌ cbguard plan scan: 400 failed");
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
