import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createEngine } from "../src/engine/index.js";
import type { Finding } from "../src/model/finding.js";
import { loadHclDir, type VariableInput } from "../src/sources/hcl/index.js";
import { parsePlan } from "../src/sources/plan/index.js";
import { cbguard } from "./helpers/cli.js";

/** The real rules on HCL: the same verdicts as on a plan of the same configuration. */
const engine = createEngine({ configFile: undefined });
const STACK = "fixtures/hcl/stack";

const lineOf = (file: string, text: string): number => readFileSync(file, "utf8").split("\n").findIndex((l) => l.includes(text)) + 1;

function verdict(findings: Finding[], ruleId: string, address: string): Finding {
  const f = findings.find((x) => x.ruleId === ruleId && x.resource.address === address);
  if (!f) throw new Error(`no ${ruleId} result for ${address}`);
  return f;
}

describe("rules on an HCL stack", async () => {
  const findings = engine.scan(await loadHclDir(STACK)).findings;
  const file = `${STACK}/main.tf`;

  it("fail where the source breaks a rule, pointing at the attribute's line", () => {
    const rds = verdict(findings, "CB-RDS-001", "aws_db_instance.main");
    expect(rds.verdict).toBe("fail");
    const line = lineOf(file, "multi_az                    = false");
    expect(rds.resource.location).toEqual({ file, startLine: line, endLine: line });
    const kms = verdict(findings, "CB-KMS-001", "aws_kms_key.logs");
    expect(kms.verdict).toBe("fail");
    expect(kms.resource.location?.startLine).toBe(lineOf(file, "enable_key_rotation = false"));
    expect(verdict(findings, "CB-KMS-001", "aws_kms_key.data").verdict).toBe("pass");
  });

  it("tie resources by references, as in a plan", () => {
    expect(verdict(findings, "CB-S3-002", "aws_s3_bucket.files").verdict).toBe("pass");
    expect(verdict(findings, "CB-S3-002", "aws_s3_bucket.logs").verdict).toBe("fail");
    expect(verdict(findings, "CB-RDS-003", "aws_db_instance.main").verdict).toBe("pass");
  });

  it("see a literal password, and a jsonencode() policy", () => {
    expect(verdict(findings, "CB-RDS-009", "aws_db_instance.main").verdict).toBe("pass");
    const legacy = verdict(findings, "CB-RDS-009", "aws_db_instance.legacy");
    expect(legacy.verdict).toBe("fail");
    expect(legacy.message).toContain("password is written as a literal");
    expect(verdict(findings, "CB-IAM-001", "aws_iam_policy.admin").verdict).toBe("fail");
  });

  it("judge what must exist on the hcl scope", () => {
    expect(verdict(findings, "CB-TRL-001", "hcl")).toMatchObject({ verdict: "fail", resource: { type: "scope", location: { file: STACK } } });
  });
});

type Verdicts = Map<string, string>;
const verdicts = (findings: Finding[], scope: string): Verdicts =>
  new Map(findings.map((f) => [`${f.ruleId} ${f.resource.address === scope ? "<scope>" : f.resource.address}`, f.verdict]));

/**
 * Where HCL and a plan may judge differently. None today: attributes AWS chooses when left out
 * (a default parameter group, subnet group, key) are unknown in both, from
 * rules/provider-defaults.yaml.
 */
const EXPECTED_DIFFERENCES: Record<string, Record<string, [string, string]>> = {};

const PRODUCTION = "terraform/environments/production";

/** Each plan fixture and the configuration it was planned from (scripts/make-fixtures.mjs). */
const SOURCES: Record<string, { dir: string; variables: VariableInput[] }> = {
  "classboard-compliant": { dir: PRODUCTION, variables: [{ file: `${PRODUCTION}/production.tfvars` }, { assignment: "offline_plan=true" }] },
  "classboard-noncompliant": { dir: "fixtures/tf/classboard-noncompliant", variables: [] },
  "classboard-missing": { dir: "fixtures/tf/classboard-missing", variables: [] },
  unknowns: { dir: "fixtures/tf/unknowns", variables: [] },
};

describe("HCL and plan verdicts agree on the fixture configurations", () => {
  const names = Object.keys(SOURCES).filter((n) => existsSync(SOURCES[n]!.dir) && existsSync(`fixtures/plans/${n}.json`));

  it.each(names)("%s", async (name) => {
    const planFile = `fixtures/plans/${name}.json`;
    const plan = verdicts(engine.scan(parsePlan(readFileSync(planFile, "utf8"), planFile)).findings, "plan");
    const { dir, variables } = SOURCES[name]!;
    const hcl = verdicts(engine.scan(await loadHclDir(dir, { variables })).findings, "hcl");
    expect([...hcl.keys()].sort()).toEqual([...plan.keys()].sort());
    const differences: Record<string, [string, string]> = {};
    for (const [key, v] of plan) if (hcl.get(key) !== v) differences[key] = [v, hcl.get(key)!];
    expect(differences).toEqual(EXPECTED_DIFFERENCES[name] ?? {});
  });
});

describe.runIf(existsSync(PRODUCTION))("the production stack", () => {
  it("passes every rule from source, with production.tfvars", async () => {
    const dir = PRODUCTION;
    const inventory = await loadHclDir(dir, { variables: [{ file: `${dir}/production.tfvars` }] });
    const open = engine.scan(inventory).findings.filter((f) => f.verdict === "fail" || f.verdict === "unknown");
    expect(open.map((f) => `${f.verdict} ${f.ruleId} ${f.resource.address}: ${f.message}`)).toEqual([]);
    expect(inventory.notes).toBeUndefined();
  });
});

describe("a broken copy of ClassBoard's own modules", () => {
  // A checkout of its own: reports are relative to the repository root, as in CI.
  const repo = mkdtempSync(join(tmpdir(), "cbguard-broken-"));
  afterAll(() => rmSync(repo, { recursive: true, force: true }));
  cpSync("terraform", join(repo, "terraform"), { recursive: true });
  const db = "terraform/modules/database/main.tf";
  const text0 = readFileSync(join(repo, db), "utf8");
  writeFileSync(join(repo, db), text0.replace(/multi_az(\s*)= true/, "multi_az$1= false").replace(/performance_insights_enabled(\s*)= true/, "performance_insights_enabled$1= false"));
  const line = (text: RegExp) => text0.split("\n").findIndex((l) => text.test(l)) + 1;
  const expected = [
    ["CB-RDS-001", `${db}:${line(/^\s*multi_az\s*=/)}`],
    ["CB-RDS-005", `${db}:${line(/^\s*performance_insights_enabled\s*=/)}`],
  ];
  const root = "terraform/environments/production";
  const run = (format: string) => cbguard(["hcl", root, "--var-file", `${root}/production.tfvars`, "-f", format, "--fail-on", "none"], { cwd: repo }).stdout;

  it("fails exactly what was broken, at the attribute's line, in JSON, SARIF and text", () => {
    const report = JSON.parse(run("json")) as { results: { ruleId: string; verdict: string; resource: { location?: { file?: string; startLine?: number } } }[] };
    expect(report.results.filter((r) => r.verdict === "fail").map((r) => [r.ruleId, `${r.resource.location?.file}:${r.resource.location?.startLine}`])).toEqual(expected);
    const sarif = JSON.parse(run("sarif")) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    expect(sarif.runs[0]!.results.map((r) => [r.ruleId, `${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine}`])).toEqual(expected);
    const text = run("text");
    for (const [, at] of expected) expect(text).toContain(`at ${at}`);
  });
});
