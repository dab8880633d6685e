import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as Sarif from "sarif";
import { afterAll, describe, expect, it } from "vitest";
import { cbguard } from "./helpers/cli.js";
import { validateSarif } from "./helpers/sarif-schema.js";

const COMPLIANT = "fixtures/plans/classboard-compliant.json";
const tmp = mkdtempSync(join(tmpdir(), "cbguard-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, body: string | Buffer) => {
  const p = join(tmp, name);
  writeFileSync(p, body);
  return p;
};

describe("cbguard plan on the compliant ClassBoard plan", () => {
  it("exits 0 with a text summary", () => {
    const r = cbguard(["plan", COMPLIANT]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/141 resources, 0 failed, 0 unknown, \d+ passed, 0 waived/);
  });

  it("writes SARIF that the official schema and GitHub's rules accept", () => {
    const out = join(tmp, "c.sarif");
    expect(cbguard(["plan", COMPLIANT, "-f", "sarif", "-o", out]).status).toBe(0);
    const log = JSON.parse(readFileSync(out, "utf8")) as Sarif.Log;
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    const run = log.runs[0]!;
    expect(run.automationDetails?.id).toBe("cbguard/plan/");
    expect(run.tool.driver.rules!.length).toBe(47);
    for (const rule of run.tool.driver.rules!) {
      expect(rule.helpUri).toMatch(new RegExp(`docs/runbooks/${rule.id}\\.md$`));
      expect(typeof rule.properties?.["security-severity"]).toBe("string");
    }
  });

  it("reads the plan from stdin with -", () => {
    const r = cbguard(["plan", "-", "-f", "json"], { input: readFileSync(COMPLIANT) });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).scan).toMatchObject({ kind: "plan", resourceCount: 141, inputs: ["-"] });
  });
});

describe("exit codes gate the merge", () => {
  const NONCOMPLIANT = "fixtures/plans/classboard-noncompliant.json";
  it("1 when a failure is at or above --fail-on, 0 when none is", () => {
    expect(cbguard(["plan", NONCOMPLIANT]).status).toBe(1);
    expect(cbguard(["plan", NONCOMPLIANT, "--fail-on", "critical"]).status).toBe(1);
    expect(cbguard(["plan", NONCOMPLIANT, "--fail-on", "none"]).status).toBe(0);
  });
  it("--fail-on counts only failures at or above the threshold", () => {
    // The only failures in this cut of the rules are low: CB-CF-003 on PriceClass_All.
    const cfg = file("low-only.yaml", "params:\n  cloudfront_price_classes: [PriceClass_200]\n");
    const r = cbguard(["plan", COMPLIANT, "--config", cfg, "-f", "json", "--fail-on", "medium"]);
    const report = JSON.parse(r.stdout) as { results: { ruleId: string; verdict: string; severity: string }[] };
    expect(report.results.filter((x) => x.verdict === "fail").map((x) => `${x.ruleId}/${x.severity}`)).toEqual(["CB-CF-003/low"]);
    expect(r.status).toBe(0);
    expect(cbguard(["plan", COMPLIANT, "--config", cfg, "--fail-on", "low"]).status).toBe(1);
  });
  it("3 for unknown verdicts only when --fail-on-unknown is asked", () => {
    expect(cbguard(["plan", "fixtures/plans/unknowns.json", "--fail-on", "none"]).status).toBe(0);
    expect(cbguard(["plan", "fixtures/plans/unknowns.json", "--fail-on", "none", "--fail-on-unknown"]).status).toBe(3);
  });
});

describe("--baseline for an estate adopting cbguard", () => {
  const NONCOMPLIANT = "fixtures/plans/classboard-noncompliant.json";
  it("reports only failures the previous JSON report did not have, and gates on them alone", () => {
    const before = JSON.parse(cbguard(["plan", NONCOMPLIANT, "-f", "json", "--fail-on", "none"]).stdout) as { results: { ruleId: string; verdict: string; resource: { address: string } }[] };
    const fixedSince = before.results.findIndex((r) => r.ruleId === "CB-RDS-001" && r.verdict === "fail");
    const baseline = file("baseline.json", JSON.stringify({ ...before, results: before.results.filter((_, i) => i !== fixedSince) }));
    const r = cbguard(["plan", NONCOMPLIANT, "-f", "json", "--baseline", baseline]);
    const report = JSON.parse(r.stdout) as { results: { ruleId: string; resource: { address: string } }[] };
    expect(report.results.map((x) => `${x.ruleId} ${x.resource.address}`)).toEqual(["CB-RDS-001 module.database.aws_db_instance.main"]);
    expect(r.status).toBe(1);
    const same = cbguard(["plan", NONCOMPLIANT, "--baseline", file("all.json", JSON.stringify(before))]);
    expect(same.status).toBe(0);
    expect(same.stdout).toMatch(/0 failed/);
  });
});

describe("bad input: exit 2, one line naming the file, no stack", () => {
  const cases: [string, () => string, RegExp][] = [
    ["a missing file", () => join(tmp, "nope.json"), /nope\.json: .*(no such file|not found|does not exist)/i],
    ["a directory", () => tmp, /is a directory/i],
    ["an empty file", () => file("empty.json", ""), /empty\.json: .*empty/i],
    ["truncated JSON", () => file("trunc.json", readFileSync(COMPLIANT, "utf8").slice(0, 5000)), /trunc\.json: .*not valid JSON/i],
    ["JSON that is not a plan", () => file("other.json", '{"hello": "world"}'), /other\.json: .*not a Terraform plan/i],
    ["a state file", () => file("state.json", JSON.stringify({ format_version: "1.0", terraform_version: "1.11.4", values: { root_module: {} } })), /state\.json: .*state/i],
    ["an unsupported format_version", () => file("v9.json", JSON.stringify({ format_version: "9.0", planned_values: {} })), /v9\.json: .*format_version 9\.0/i],
    ["binary bytes", () => file("bin.json", Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x01, 0x02])), /bin\.json: .*(binary|not text)/i],
  ];
  it.each(cases)("%s", (_name, make, message) => {
    const r = cbguard(["plan", make()]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cbguard: /);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it("a missing or broken config is exit 2 naming the config", () => {
    const missing = cbguard(["plan", COMPLIANT, "--config", join(tmp, "absent.yaml")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^cbguard: .*absent\.yaml: cannot read config: ENOENT\n$/);
    const bad = cbguard(["plan", COMPLIANT, "--config", file("bad.yaml", "params:\n  backup_retention_days: [\n")]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("a usage error is exit 2 and one line", () => {
    for (const args of [["plan"], ["plan", COMPLIANT, "--format", "xml"], ["plan", COMPLIANT, "--frobnicate"], []]) {
      const r = cbguard(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("--help on each command explains it", () => {
    expect(cbguard(["--help"]).stdout).toMatch(/plan <plan>/);
    expect(cbguard(["plan", "--help"]).stdout).toMatch(/--fail-on/);
    expect(cbguard(["rules", "--help"]).stdout).toMatch(/rules <action> \[id\]/);
  });
});

describe("cbguard rules", () => {
  it("lists every rule, as text and JSON", () => {
    const text = cbguard(["rules", "list"]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^CB-COG-001\s+critical\s+Cognito requires MFA$/m);
    const json = JSON.parse(cbguard(["rules", "list", "--format", "json"]).stdout) as { id: string; params: object }[];
    expect(json).toHaveLength(47);
    expect(json.find((r) => r.id === "CB-RDS-002")?.params).toEqual({ backup_retention_days: 30 });
  });
  it("shows one rule with parameters from the config", () => {
    const cfg = file("cfg.yaml", "params:\n  backup_retention_days: 35\n");
    const r = cbguard(["rules", "show", "cb-rds-002", "--config", cfg]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/parameters: backup_retention_days=35/);
    expect(r.stdout).toMatch(/runbook: docs\/runbooks\/CB-RDS-002\.md/);
  });
  it("an unknown rule id is exit 2", () => {
    const r = cbguard(["rules", "show", "CB-NOPE-001"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no rule CB-NOPE-001/);
  });
});
