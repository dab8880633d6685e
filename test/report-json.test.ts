import { describe, expect, it } from "vitest";
import { renderJson, toJsonReport, type JsonReport } from "../src/report/json.js";
import { summarize } from "../src/report/summary.js";
import { ARN, CRAFTED, OPTIONS, RULES, TOTALS, findings, scanResult } from "./helpers/report-fixture.js";

function parse(text: string): JsonReport {
  return JSON.parse(text) as JsonReport;
}

describe("JSON report", () => {
  it("has the documented shape, pretty-printed with a trailing newline", () => {
    const text = renderJson(scanResult(), OPTIONS);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text).toContain('\n  "schemaVersion": 1,');
    const report = parse(text);
    expect(Object.keys(report)).toEqual(["schemaVersion", "tool", "scan", "summary", "results"]);
    expect(report.schemaVersion).toBe(1);
    expect(report.tool).toEqual({ name: "cbguard", version: "1.2.3" });
    expect(report.scan).toEqual({
      kind: "plan",
      startedAt: "2026-11-03T10:00:00.000Z",
      inputs: ["plans/tfplan.json"],
      resourceCount: 8,
    });
    expect(report.summary).toEqual(TOTALS);
  });

  it("keeps account and regions of a live scan", () => {
    const report = toJsonReport(scanResult({ kind: "aws", account: "123456789012", regions: ["us-east-1"] }), OPTIONS);
    expect(report.scan).toMatchObject({ kind: "aws", account: "123456789012", regions: ["us-east-1"] });
  });

  it("has every finding as a result, passes and not-applicable included", () => {
    const report = toJsonReport(scanResult(), OPTIONS);
    const all = Object.values(findings());
    expect(report.results).toHaveLength(all.length);
    const key = (ruleId: string, address: string, verdict: string): string => `${ruleId}|${address}|${verdict}`;
    expect(new Set(report.results.map((r) => key(r.ruleId, r.resource.address, r.verdict)))).toEqual(
      new Set(all.map((f) => key(f.ruleId, f.resource.address, f.verdict))),
    );
    const verdicts = report.results.map((r) => r.verdict);
    expect(verdicts.filter((v) => v === "pass")).toHaveLength(2);
    expect(verdicts).toContain("not_applicable");
    for (const r of report.results) {
      const rule = RULES.find((x) => x.id === r.ruleId)!;
      expect(r).toMatchObject({
        title: rule.title,
        severity: rule.severity,
        runbook: rule.runbook,
        guideSection: rule.guideSection,
      });
    }
  });

  it("writes each result's fields in the documented order, optional ones only when set", () => {
    const report = toJsonReport(scanResult(), OPTIONS);
    const hcl = report.results.find((r) => r.resource.address === "module.database.aws_db_instance.main")!;
    expect(Object.keys(hcl)).toEqual([
      "ruleId", "title", "severity", "verdict", "resource", "message", "attribute", "runbook", "guideSection",
    ]);
    expect(hcl.resource).toEqual({
      address: "module.database.aws_db_instance.main",
      type: "aws_db_instance",
      location: { file: "terraform/modules/database/main.tf", startLine: 12, endLine: 30 },
    });
    const na = report.results.find((r) => r.verdict === "not_applicable")!;
    expect(na.resource).toEqual({ address: "aws_cloudtrail.secondary", type: "aws_cloudtrail" });
    expect(na.reason).toBe("filter did not match");
    const unknown = report.results.find((r) => r.verdict === "unknown")!;
    expect(unknown.reason).toContain("known only after apply");
  });

  it("makes files under baseDir relative and keeps others as given", () => {
    const report = toJsonReport(scanResult(), OPTIONS);
    const fileOf = (address: string): string | undefined =>
      report.results.find((r) => r.resource.address === address)!.resource.location?.file;
    expect(fileOf(CRAFTED)).toBe("terraform/storage.tf");
    expect(fileOf("aws_instance.outside")).toBe("/elsewhere/other.tf");
    const live = report.results.find((r) => r.resource.address === ARN)!;
    expect(live.resource.location).toEqual({ arn: ARN, apiCall: "rds:DescribeDBInstances" });
  });

  it("carries waivers, active and expired", () => {
    const report = toJsonReport(scanResult(), OPTIONS);
    const waiverOf = (address: string): unknown => report.results.find((r) => r.resource.address === address)!.waiver;
    expect(waiverOf("aws_cloudtrail.main")).toEqual({
      reason: "the organization trail covers it",
      until: "2027-01-31",
      owner: "platform-team",
      expired: false,
    });
    expect(waiverOf("aws_instance.bastion")).toEqual({ reason: "legacy host", until: "2026-10-01", expired: true });
    expect(waiverOf("module.database.aws_db_instance.main")).toBeUndefined();
  });

  it("orders results the same whatever order the engine produced", () => {
    const reversed = scanResult({ findings: Object.values(findings()).reverse() });
    expect(renderJson(reversed, OPTIONS)).toBe(renderJson(scanResult(), OPTIONS));
  });
});

describe("summarize", () => {
  it("counts a waived failure as waived and an expired waiver as a failure", () => {
    const f = findings();
    expect(summarize([f["waived"]!])).toEqual({ pass: 0, fail: 0, unknown: 0, not_applicable: 0, waived: 1 });
    expect(summarize([f["expired"]!])).toEqual({ pass: 0, fail: 1, unknown: 0, not_applicable: 0, waived: 0 });
    const waivedUnknown = { ...f["planUnknown"]!, waiver: { reason: "r", until: "2030-01-01", expired: false } };
    expect(summarize([waivedUnknown]).waived).toBe(1);
    // A waiver on a passing resource is unused: still a pass.
    const waivedPass = { ...f["planPass"]!, waiver: { reason: "r", until: "2030-01-01", expired: false } };
    expect(summarize([waivedPass]).pass).toBe(1);
  });

  it("adds up to the number of findings", () => {
    const all = Object.values(findings());
    const s = summarize(all);
    expect(s.pass + s.fail + s.unknown + s.not_applicable + s.waived).toBe(all.length);
  });
});
