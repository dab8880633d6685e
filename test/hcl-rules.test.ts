import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createEngine } from "../src/engine/index.js";
import type { Finding } from "../src/model/finding.js";
import { loadHclDir, type VariableInput } from "../src/sources/hcl/index.js";
import { parsePlan } from "../src/sources/plan/index.js";

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
