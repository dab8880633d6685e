import { describe, expect, it } from "vitest";
import type { Finding } from "../src/model/finding.js";
import { renderText } from "../src/report/text.js";
import { CRAFTED, OPTIONS, findings, scanResult } from "./helpers/report-fixture.js";

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** The table's rows, without the `at file:line` lines printed under rows whose line is known. */
function tableLines(text: string): string[] {
  return text.split("\n").slice(0, text.split("\n").indexOf("")).filter((l) => !/^\s+at /.test(l.replace(ANSI, "")));
}

function expectAligned(lines: string[]): void {
  const header = lines[0]!;
  const columns = ["RULE", "RESOURCE", "MESSAGE"].map((c) => header.indexOf(c));
  for (const line of lines.slice(1)) {
    for (const col of columns) {
      // Every column starts right after a two-space gap, at the header's offset.
      expect(line.slice(col - 2, col)).toBe("  ");
      expect(line[col]).not.toBe(" ");
    }
  }
}

describe("text report", () => {
  it("prints one aligned row per fail or unknown, most severe first, then a summary", () => {
    const text = renderText(scanResult(), OPTIONS);
    const lines = tableLines(text);
    expect(lines[0]).toMatch(/^SEVERITY {2}RULE {8}RESOURCE +MESSAGE$/);
    expect(lines).toHaveLength(1 + 7);
    expectAligned(lines);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual([
      "critical", "critical", "high", "high", "medium", "low", "low",
    ]);
    // Same severity: by rule, then address.
    expect(lines[1]).toContain("aws_s3_bucket.assets");
    expect(lines[2]).toContain(CRAFTED);
    expect(lines[1]).toContain("[unknown] the public access block's bucket is known only after apply");
    expect(text).toContain("[waived until 2027-01-31] is_multi_region_trail is false");
    expect(text).toContain("[waiver expired 2026-10-01] tag owner is missing");
    expect(text.trimEnd().split("\n").at(-1)).toBe("8 resources, 5 failed, 1 unknown, 2 passed, 1 waived");
    // Where to fix it, under the row, when the source knows the line.
    const all = text.split("\n");
    const row = all.findIndex((l) => l.includes("module.database.aws_db_instance.main"));
    expect(all[row + 1]).toBe(`${" ".repeat(8)}  at terraform/modules/database/main.tf:12`);
    expect(text.endsWith("\n")).toBe(true);
  });

  it("has no colour codes unless asked", () => {
    expect(renderText(scanResult(), OPTIONS)).not.toContain("\u001b");
    expect(renderText(scanResult(), { ...OPTIONS, color: false })).not.toContain("\u001b");
  });

  it("colours by severity when asked, keeping the columns aligned", () => {
    const text = renderText(scanResult(), { ...OPTIONS, color: true });
    expect(text).toContain("\u001b[1;31mcritical\u001b[0m");
    expect(text).toContain("\u001b[31m5 failed\u001b[0m");
    const plain = text.replace(ANSI, "");
    expect(plain).toBe(renderText(scanResult(), OPTIONS));
    expectAligned(tableLines(plain));
  });

  it("cuts long fields with … and keeps alignment", () => {
    const base = findings()["hclFail"]!;
    const long: Finding = {
      ...base,
      resource: { ...base.resource, address: `module.${"very_long_module_name.".repeat(6)}aws_db_instance.main` },
      message: "m".repeat(300),
    };
    const lines = tableLines(renderText(scanResult({ findings: [long, base] }), OPTIONS));
    expectAligned(lines);
    const cells = lines.find((l) => l.includes("very_long"))!.split("  ").filter((c) => c !== "");
    expect(cells[2]).toHaveLength(60);
    expect(cells[2]!.endsWith("…")).toBe(true);
    expect(cells[3]!.length).toBeLessThanOrEqual(120);
    expect(cells[3]!.endsWith("…")).toBe(true);
  });

  it("prints control characters from input as spaces", () => {
    const base = findings()["hclFail"]!;
    const evil: Finding = { ...base, resource: { ...base.resource, address: "aws_x.a\u001b[2J\nb" } };
    const text = renderText(scanResult({ findings: [evil] }), OPTIONS);
    expect(text).not.toContain("\u001b");
    expect(text).toContain("aws_x.a [2J b");
  });

  it("says so when nothing needs attention", () => {
    const text = renderText(scanResult({ findings: [findings()["planPass"]!] }), OPTIONS);
    expect(text).toBe("No failed or unknown results.\n\n8 resources, 0 failed, 0 unknown, 1 passed, 0 waived\n");
  });
});
