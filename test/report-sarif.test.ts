import type * as Sarif from "sarif";
import { describe, expect, it } from "vitest";
import type { Finding } from "../src/model/finding.js";
import { fingerprint } from "../src/model/fingerprint.js";
import { renderSarif, toSarif } from "../src/report/sarif.js";
import { validateSarif } from "./helpers/sarif-schema.js";
import { ARN, CRAFTED, OPTIONS, RULES, findings, scanResult } from "./helpers/report-fixture.js";

const validate = validateSarif;

function sarif(...args: Parameters<typeof toSarif>): { log: Sarif.Log; run: Sarif.Run; results: Sarif.Result[] } {
  const log = JSON.parse(renderSarif(...args)) as Sarif.Log;
  const run = log.runs[0]!;
  return { log, run, results: run.results ?? [] };
}

function resultFor(results: Sarif.Result[], address: string, ruleId?: string): Sarif.Result {
  const r = results.find(
    (x) =>
      x.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName === address && (ruleId === undefined || x.ruleId === ruleId),
  );
  if (r === undefined) throw new Error(`no result for ${address}`);
  return r;
}

function physical(r: Sarif.Result): Sarif.PhysicalLocation {
  return r.locations![0]!.physicalLocation!;
}

describe("SARIF report", () => {
  it("is valid against the official SARIF 2.1.0 schema", () => {
    const { log } = sarif(scanResult(), { ...OPTIONS, srcRoot: "/repo" });
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("has a validator that rejects a broken log", () => {
    const { log } = sarif(scanResult(), OPTIONS);
    const broken = structuredClone(log) as unknown as { runs: { results: { level: string }[] }[] };
    broken.runs[0]!.results[0]!.level = "fatal";
    expect(validate(broken)).toBe(false);
    expect(JSON.stringify(validate.errors)).toContain("level");
  });

  it("reports fail and unknown findings only, each once", () => {
    const { results } = sarif(scanResult(), OPTIONS);
    const wanted = Object.values(findings()).filter((f) => f.verdict === "fail" || f.verdict === "unknown");
    expect(results).toHaveLength(wanted.length);
    for (const r of results) expect(["fail", "unknown"]).toContain(r.properties?.["verdict"]);
  });

  it("uses URIs and regions that GitHub code scanning accepts", () => {
    const { results } = sarif(scanResult(), OPTIONS);
    for (const r of results) {
      const p = physical(r);
      const uri = p.artifactLocation!.uri!;
      expect(p.artifactLocation!.uriBaseId).toBe("%SRCROOT%");
      expect(uri).not.toMatch(/^\/|^file:|(^|\/)\.\.(\/|$)|\\/);
      expect(uri).not.toBe("");
      expect(p.region!.startLine).toBeGreaterThanOrEqual(1);
      if (p.region!.endLine !== undefined) expect(p.region!.endLine).toBeGreaterThanOrEqual(p.region!.startLine!);
    }
  });

  it("maps each kind of location", () => {
    const { results } = sarif(scanResult(), OPTIONS);
    expect(physical(resultFor(results, "module.database.aws_db_instance.main"))).toEqual({
      artifactLocation: { uri: "terraform/modules/database/main.tf", uriBaseId: "%SRCROOT%" },
      region: { startLine: 12, endLine: 30 },
    });
    // Absolute path under baseDir becomes relative.
    expect(physical(resultFor(results, CRAFTED)).artifactLocation!.uri).toBe("terraform/storage.tf");
    // Plan location without lines: line 1, no endLine.
    expect(physical(resultFor(results, "aws_s3_bucket.assets")).region).toEqual({ startLine: 1 });
    // Outside baseDir: basename only.
    expect(physical(resultFor(results, "aws_instance.outside")).artifactLocation!.uri).toBe("other.tf");
  });

  it("points an ARN-only location at the live URI and keeps the ARN as a logical location", () => {
    const live = findings()["live"]!;
    const aws = scanResult({ kind: "aws", inputs: ["123456789012"], findings: [live] });
    const [r] = sarif(aws, OPTIONS).results;
    expect(physical(r!)).toEqual({
      artifactLocation: { uri: "cbguard-live-scan", uriBaseId: "%SRCROOT%" },
      region: { startLine: 1 },
    });
    expect(r!.locations![0]!.logicalLocations).toEqual([{ fullyQualifiedName: ARN, kind: "resource" }]);
    const [custom] = sarif(aws, { ...OPTIONS, liveUri: "live/prod" }).results;
    expect(physical(custom!).artifactLocation!.uri).toBe("live/prod");
    // In a plan scan a result without a file points at the plan.
    expect(physical(resultFor(sarif(scanResult(), OPTIONS).results, ARN)).artifactLocation!.uri).toBe("plans/tfplan.json");
  });

  it("makes paths relative from a relative baseDir, Windows paths and odd characters", () => {
    const base: Finding = findings()["hclFail"]!;
    const at = (file: string): Finding => ({ ...base, resource: { ...base.resource, location: { file, startLine: 2 } } });
    const uriOf = (f: Finding, opts = OPTIONS): string =>
      physical(sarif(scanResult({ findings: [f] }), opts).results[0]!).artifactLocation!.uri!;
    expect(uriOf(at("terraform/a.tf"), { toolVersion: "1", baseDir: "." })).toBe("terraform/a.tf");
    expect(uriOf(at("./terraform/../terraform/a.tf"), { toolVersion: "1", baseDir: "./" })).toBe("terraform/a.tf");
    expect(uriOf(at("../up.tf"), { toolVersion: "1", baseDir: "." })).toBe("up.tf");
    expect(uriOf(at("C:\\repo\\terraform\\main.tf"), { toolVersion: "1", baseDir: "C:\\repo" })).toBe("terraform/main.tf");
    expect(uriOf(at("/repo/my modules/a#b.tf"))).toBe("my%20modules/a%23b.tf");
  });

  it("describes every rule for code scanning", () => {
    const { run } = sarif(scanResult(), OPTIONS);
    const driver = run.tool.driver;
    expect(driver).toMatchObject({ name: "cbguard", version: "1.2.3" });
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules!.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    const rds = driver.rules!.find((r) => r.id === "CB-RDS-001")!;
    expect(rds.name).toBe("RDSInstancesMustBeMultiAZ");
    expect(rds.shortDescription!.text).toBe("RDS instances must be Multi-AZ");
    expect(rds.helpUri).toBe("https://github.com/classboard/classboard-guard/blob/main/docs/runbooks/CB-RDS-001.md");
    expect(rds.help!.markdown).toContain(`(${rds.helpUri})`);
    expect(rds.help!.markdown).toContain("Database");
    expect(rds.help!.text).toContain(rds.helpUri);
    expect(rds.defaultConfiguration!.level).toBe("error");
    expect(rds.properties).toEqual({
      "security-severity": "8.0",
      tags: ["security", "classboard", "Database"],
      precision: "high",
      "problem.severity": "error",
    });
    const scores = Object.fromEntries(driver.rules!.map((r) => [r.id, r.properties!["security-severity"]]));
    expect(scores).toEqual({ "CB-RDS-001": "8.0", "CB-S3-002": "9.5", "CB-LOG-003": "5.5", "CB-TAG-004": "3.0" });
    for (const r of driver.rules!) {
      expect(typeof r.properties!["security-severity"]).toBe("string");
      expect(r.help!.markdown).toBeTruthy();
    }
  });

  it("joins a custom runbook base URL with exactly one slash", () => {
    for (const base of ["https://docs.example.com/guard", "https://docs.example.com/guard/"]) {
      const { run } = sarif(scanResult(), { ...OPTIONS, runbookBaseUrl: base });
      expect(run.tool.driver.rules![0]!.helpUri).toBe("https://docs.example.com/guard/docs/runbooks/CB-RDS-001.md");
    }
  });

  it("sets levels, kinds, rule indexes and properties", () => {
    const { run, results } = sarif(scanResult(), OPTIONS);
    const level = (address: string): unknown => resultFor(results, address).level;
    expect(level(CRAFTED)).toBe("error"); // critical
    expect(level("module.database.aws_db_instance.main")).toBe("error"); // high
    expect(level("aws_cloudtrail.main")).toBe("warning"); // medium
    expect(level("aws_instance.bastion")).toBe("note"); // low
    for (const r of results) {
      expect(run.tool.driver.rules![r.ruleIndex!]!.id).toBe(r.ruleId);
      expect(r.message.text).toContain(r.locations![0]!.logicalLocations![0]!.fullyQualifiedName);
    }
    const unknown = resultFor(results, "aws_s3_bucket.assets", "CB-S3-002");
    expect(unknown).toMatchObject({ kind: "review", level: "none" });
    expect(unknown.message.text).toContain("could not be reached");
    expect(unknown.message.text).toContain("known only after apply");
    expect(resultFor(results, CRAFTED).kind).toBe("fail");
    expect(resultFor(results, "module.database.aws_db_instance.main").properties).toEqual({
      verdict: "fail",
      resourceType: "aws_db_instance",
      severity: "high",
    });
  });

  it("fingerprints by rule and address only", () => {
    const { results } = sarif(scanResult(), OPTIONS);
    for (const r of results) expect(r.partialFingerprints?.["cbguard/v1"]).toMatch(/^[0-9a-f]{64}$/);

    const moved = scanResult({
      findings: Object.values(findings()).map((f) => ({
        ...f,
        message: `${f.message} (reworded)`,
        resource: { ...f.resource, location: { file: "elsewhere/x.tf", startLine: 99, endLine: 120 } },
      })),
    });
    const again = sarif(moved, OPTIONS).results;
    const key = (r: Sarif.Result): string => `${r.ruleId} ${r.locations![0]!.logicalLocations![0]!.fullyQualifiedName}`;
    const before = new Map(results.map((r) => [key(r), r.partialFingerprints!["cbguard/v1"]]));
    for (const r of again) expect(r.partialFingerprints!["cbguard/v1"]).toBe(before.get(key(r)));

    const distinct = new Set(results.map((r) => r.partialFingerprints!["cbguard/v1"]));
    expect(distinct.size).toBe(results.length);
    expect(fingerprint("CB-RDS-001", "a.b")).not.toBe(fingerprint("CB-RDS-001", "a.c"));
    // The separator keeps "ab"+"c" apart from "a"+"bc".
    expect(fingerprint("ab", "c")).not.toBe(fingerprint("a", "bc"));
  });

  it("suppresses a waived result and not an expired one", () => {
    const { results } = sarif(scanResult(), OPTIONS);
    expect(resultFor(results, "aws_cloudtrail.main").suppressions).toEqual([
      {
        kind: "external",
        status: "accepted",
        justification: "the organization trail covers it (until 2027-01-31, owner platform-team)",
      },
    ]);
    const expired = resultFor(results, "aws_instance.bastion");
    expect(expired.suppressions).toBeUndefined();
    expect(expired.message.text).toContain("waiver expired on 2026-10-01");
    const suppressed = results.filter((r) => r.suppressions !== undefined);
    expect(suppressed).toHaveLength(1);
  });

  it("names the category in automationDetails", () => {
    expect(sarif(scanResult(), OPTIONS).run.automationDetails!.id).toBe("cbguard/plan/");
    expect(sarif(scanResult({ kind: "aws" }), OPTIONS).run.automationDetails!.id).toBe("cbguard/aws/");
    expect(sarif(scanResult(), { ...OPTIONS, sarifCategory: "cbguard/prod-east" }).run.automationDetails!.id).toBe(
      "cbguard/prod-east/",
    );
  });

  it("declares %SRCROOT% only when srcRoot is given", () => {
    expect(sarif(scanResult(), OPTIONS).run.originalUriBaseIds).toBeUndefined();
    expect(sarif(scanResult(), { ...OPTIONS, srcRoot: "/repo" }).run.originalUriBaseIds).toEqual({
      "%SRCROOT%": { uri: "file:///repo/" },
    });
    expect(sarif(scanResult(), { ...OPTIONS, srcRoot: "/work/my repo/" }).run.originalUriBaseIds).toEqual({
      "%SRCROOT%": { uri: "file:///work/my%20repo/" },
    });
    expect(() => toSarif(scanResult(), { toolVersion: "1", baseDir: ".", srcRoot: "relative" })).toThrow(/absolute/);
  });

  it("is valid with no findings at all", () => {
    const { log, results } = sarif(scanResult({ findings: [] }), OPTIONS);
    expect(results).toEqual([]);
    expect(validate(log)).toBe(true);
  });

  it("refuses a finding whose rule is missing", () => {
    const orphan = { ...findings()["hclFail"]!, ruleId: "CB-NOPE-999" };
    expect(() => toSarif(scanResult({ findings: [orphan] }), OPTIONS)).toThrow(/CB-NOPE-999/);
  });
});
