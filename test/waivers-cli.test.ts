import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as Sarif from "sarif";
import { afterAll, describe, expect, it } from "vitest";
import type { ListedWaiver, WaiverListing } from "../src/cli/waivers-command.js";
import { createEngine } from "../src/engine/index.js";
import type { JsonReport } from "../src/report/json.js";
import { isWaived } from "../src/report/summary.js";
import { loadHclDir } from "../src/sources/hcl/index.js";
import { applyWaivers, collectWaivers } from "../src/waivers/index.js";
import { cbguard, ROOT } from "./helpers/cli.js";
import { validateSarif } from "./helpers/sarif-schema.js";

const PLAN = "fixtures/plans/classboard-noncompliant.json";
const COMPLIANT = "fixtures/plans/classboard-compliant.json";
const WAIVERS = "fixtures/waivers/noncompliant.yaml";
const CRITICAL = "fixtures/waivers/noncompliant-critical.yaml";
const DB = "module.database.aws_db_instance.main";
const INLINE = "fixtures/waivers/inline";

const tmp = mkdtempSync(join(tmpdir(), "cbguard-waivers-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, body: string) => {
  const p = join(tmp, name);
  writeFileSync(p, body);
  return p;
};

describe("a plan scan with a waivers file", () => {
  it("text: the waived failure is marked waived, the expired one fails and says so", () => {
    const r = cbguard(["plan", PLAN, "--waivers", WAIVERS]);
    expect(r.stderr).toBe("");
    const line = (rule: string) => r.stdout.split("\n").find((l) => l.includes(rule) && l.includes(DB));
    expect(line("CB-RDS-001")).toContain("[waived until 2099-12-31]");
    expect(line("CB-RDS-002")).toContain("[waiver expired 2020-01-01]");
    expect(r.stdout).toMatch(/, 1 waived\n$/);
  });

  it("JSON: the waiver is on the result, expired or not; the summary counts the waived one", () => {
    const report = JSON.parse(cbguard(["plan", PLAN, "--waivers", WAIVERS, "-f", "json"]).stdout) as JsonReport;
    const result = (rule: string) => report.results.find((x) => x.ruleId === rule && x.resource.address === DB)!;
    expect(result("CB-RDS-001")).toMatchObject({
      verdict: "fail",
      waiver: { reason: "Migrating to Multi-AZ in Q1", until: "2099-12-31", owner: "team-db", expired: false },
    });
    expect(result("CB-RDS-002")).toMatchObject({ verdict: "fail", waiver: { until: "2020-01-01", expired: true } });
    expect(report.summary.waived).toBe(1);
    expect(report.results.filter((x) => x.waiver !== undefined)).toHaveLength(2);
  });

  it("SARIF: the waived result stays, with a suppression carrying the justification; the expired one is not suppressed", () => {
    const log = JSON.parse(cbguard(["plan", PLAN, "--waivers", WAIVERS, "-f", "sarif"]).stdout) as Sarif.Log;
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    const result = (rule: string) => log.runs[0]!.results!.find((x) => x.ruleId === rule && x.message.text!.startsWith(`${DB}:`))!;
    expect(result("CB-RDS-001").suppressions).toEqual([
      { kind: "external", status: "accepted", justification: "Migrating to Multi-AZ in Q1 (until 2099-12-31, owner team-db)" },
    ]);
    expect(result("CB-RDS-002").suppressions).toBeUndefined();
    expect(result("CB-RDS-002").message.text).toContain("The waiver expired on 2020-01-01.");
  });

  it("Markdown: a Waived section with the reason; the expired one under Failures, marked", () => {
    const md = cbguard(["plan", PLAN, "--waivers", WAIVERS, "-f", "markdown"]).stdout;
    const waived = md.slice(md.indexOf("#### Waived"));
    expect(waived).toMatch(/CB-RDS-001.*Migrating to Multi-AZ in Q1 \\\(until 2099-12-31, owner team-db\\\)/);
    const failures = md.slice(md.indexOf("#### Failures"), md.indexOf("#### Waived"));
    expect(failures).toContain("(waiver expired on 2020-01-01)");
    expect(failures).not.toMatch(/CB-RDS-001\]/);
  });
});

describe("exit codes with waivers", () => {
  it("0 when every failure at the threshold is waived, while the reports still show them", () => {
    expect(cbguard(["plan", PLAN, "--fail-on", "critical"]).status).toBe(1);
    const r = cbguard(["plan", PLAN, "--waivers", CRITICAL, "--fail-on", "critical", "-f", "json"]);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    const critical = report.results.filter((x) => x.severity === "critical" && x.verdict === "fail");
    expect(critical.length).toBeGreaterThan(5);
    expect(critical.every((x) => x.waiver?.expired === false)).toBe(true);
    // Below the threshold nothing changed: the high failures still fail.
    expect(cbguard(["plan", PLAN, "--waivers", CRITICAL, "--fail-on", "high"]).status).toBe(1);
  });

  it("1 when one of them has expired: an expired waiver is a plain failure", () => {
    const text = readFileSync(join(ROOT, CRITICAL), "utf8");
    const edited = text.replace(/(rule: CB-RDS-003[\s\S]*?until: )2099-12-31/, "$12020-01-01");
    expect(edited).not.toBe(text);
    const r = cbguard(["plan", PLAN, "--waivers", file("one-expired.yaml", edited), "--fail-on", "critical"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/CB-RDS-003 .*\[waiver expired 2020-01-01\]/);
  });

  it(".cbguard-waivers.yaml in the current directory is read without --waivers", () => {
    const dir = mkdtempSync(join(tmp, "cwd-"));
    writeFileSync(join(dir, ".cbguard-waivers.yaml"), readFileSync(join(ROOT, CRITICAL)));
    expect(cbguard(["plan", join(ROOT, PLAN), "--fail-on", "critical"], { cwd: dir }).status).toBe(0);
  });

  it("2 with one line naming file:line when a waiver is refused", () => {
    const bad = file("bad.yaml", "waivers:\n  - rule: CB-RDS-001\n    resource: '*'\n    until: 2099-12-31\n");
    const r = cbguard(["plan", PLAN, "--waivers", bad]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`cbguard: ${bad}:2: waivers[0]: missing reason (why the failure is accepted)\n`);
    const missing = cbguard(["plan", PLAN, "--waivers", join(tmp, "nope.yaml")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml: cannot read waivers file \(no such file\)\n$/);
  });
});

describe("cbguard waivers list", () => {
  it("a table with owner, days left or how long ago it expired, and where each is written", () => {
    const r = cbguard(["waivers", "list", "--waivers", WAIVERS]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^RULE +RESOURCE +OWNER +UNTIL +LEFT +WRITTEN AT +REASON$/);
    // Soonest to expire first.
    expect(lines[1]).toMatch(new RegExp(`^CB-RDS-002 +${DB.replace(/\./g, "\\.")} +team-db +2020-01-01 +expired \\d+ days ago +${WAIVERS}:9 +Retention raised`));
    expect(lines[2]).toMatch(/^CB-RDS-001 .* team-db +2099-12-31 +\d+ days +fixtures\/waivers\/noncompliant\.yaml:4 +Migrating to Multi-AZ in Q1$/);
    expect(lines.at(-1)).toMatch(/^2 waivers: 1 in force, 1 expired \(today is \d{4}-\d{2}-\d{2}, UTC\)$/);
  });

  it("with --plan, says which waivers cover a failure and which are unused", () => {
    const used = cbguard(["waivers", "list", "--waivers", CRITICAL, "--plan", PLAN]).stdout;
    expect(used).toMatch(/^RULE +RESOURCE +OWNER +UNTIL +LEFT +USE +WRITTEN AT +REASON$/m);
    expect(used).toMatch(/CB-NET-002 +module\.network\.\* .* 3 results /);
    expect(used).toMatch(/CB-TRL-001 .* 2 results /);
    expect(used).toMatch(/7 waivers: 7 in force, 0 expired, 0 unused/);
    const unused = cbguard(["waivers", "list", "--waivers", CRITICAL, "--plan", COMPLIANT]).stdout;
    expect(unused).toMatch(/CB-TRL-001 .* unused \(passes\) /);
    expect(unused).toMatch(/7 waivers: 7 in force, 0 expired, 7 unused/);
  });

  it("--format json", () => {
    const r = cbguard(["waivers", "list", "--waivers", WAIVERS, "--plan", PLAN, "-f", "json"]);
    const listing = JSON.parse(r.stdout) as WaiverListing;
    expect(listing.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const [expired, active] = listing.waivers as [ListedWaiver, ListedWaiver];
    expect(expired).toMatchObject({
      rule: "CB-RDS-002",
      resource: DB,
      match: "glob",
      owner: "team-db",
      until: "2020-01-01",
      expired: true,
      written: { kind: "file", file: WAIVERS, line: 9, index: 1 },
      use: { needsAction: 1, other: 0, unused: false },
    });
    expect(expired.daysLeft).toBeLessThan(0);
    expect(active).toMatchObject({ rule: "CB-RDS-001", reason: "Migrating to Multi-AZ in Q1", expired: false });
    expect(active.daysLeft).toBeGreaterThan(0);
  });

  it("says so when there are none", () => {
    const dir = mkdtempSync(join(tmp, "empty-"));
    const r = cbguard(["waivers", "list"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("No waivers found (no --waivers and no .cbguard-waivers.yaml here).\n");
  });
});

describe("inline cbguard:waive comments in .tf files", () => {
  it("waive the resource they are written on (each instance with count); an expired one does not", async () => {
    const engine = createEngine();
    const inventory = await loadHclDir(join(ROOT, INLINE));
    const waivers = collectWaivers({ inventory, ruleIds: engine.ruleSet.rules.map((r) => r.id) });
    const findings = applyWaivers(engine.scan(inventory).findings, waivers, "2026-06-01");
    const on = (rule: string, address: string) => findings.find((f) => f.ruleId === rule && f.resource.address === address)!;
    for (const address of ["aws_db_instance.main", "aws_db_instance.replica[0]", "aws_db_instance.replica[1]"]) {
      expect(on("CB-RDS-001", address).verdict, address).toBe("fail");
      expect(isWaived(on("CB-RDS-001", address)), address).toBe(true);
    }
    expect(on("CB-RDS-001", "aws_db_instance.main").waiver).toEqual({ reason: "Migrating to Multi-AZ in Q1", until: "2099-12-31", owner: "team-db", expired: false });
    expect(on("CB-RDS-002", "aws_db_instance.main").waiver).toMatchObject({ until: "2020-01-01", expired: true });
    expect(isWaived(on("CB-RDS-002", "aws_db_instance.main"))).toBe(false);
  });

  it("waivers list --hcl shows them with the file and line they are written on", () => {
    const r = cbguard(["waivers", "list", "--hcl", INLINE]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^CB-RDS-002 +aws_db_instance\.main +- +2020-01-01 +expired \d+ days ago +1 result +fixtures\/waivers\/inline\/main\.tf:19 +Retention raised/m);
    expect(r.stdout).toMatch(/^CB-RDS-001 +aws_db_instance\.main +team-db +2099-12-31 +\d+ days +1 result +fixtures\/waivers\/inline\/main\.tf:9 +Migrating to Multi-AZ in Q1$/m);
    expect(r.stdout).toMatch(/^CB-RDS-001 +aws_db_instance\.replica \(2 instances\) +- +2099-12-31 +\d+ days +2 results +fixtures\/waivers\/inline\/main\.tf:24 /m);
    expect(r.stdout).toMatch(/3 waivers: 2 in force, 1 expired, 0 unused/);
  });

  it("a comment without a reason stops with exit 2 and its file:line", () => {
    const dir = mkdtempSync(join(tmp, "tf-"));
    writeFileSync(join(dir, "main.tf"), 'resource "aws_db_instance" "db" {\n  # cbguard:waive CB-RDS-001 until=2099-12-31\n  multi_az = false\n}\n');
    const r = cbguard(["waivers", "list", "--hcl", dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`cbguard: ${join(dir, "main.tf")}:2: cbguard:waive: missing reason="…" (a waiver must say why)\n`);
  });
});
