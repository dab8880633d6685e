import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { blockAddress } from "../src/cli/source-map.js";
import { cbguard } from "./helpers/cli.js";

interface Report { results: { ruleId: string; verdict: string; resource: { address: string; type: string; location?: { file?: string; startLine?: number } }; waiver?: { reason: string } }[] }
const json = (args: string[]) => {
  const r = cbguard([...args, "-f", "json", "--fail-on", "none"]);
  expect(r.status, r.stderr).toBe(0);
  return { report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
};
const at = (r: Report["results"][number]) => `${r.resource.location?.file}:${r.resource.location?.startLine}`;
const tmp = mkdtempSync(join(tmpdir(), "cbguard-source-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("cbguard plan --source", () => {
  it("maps every planned resource of the production plan to its .tf block", () => {
    const prod = "terraform/environments/production";
    const { report, stderr } = json(["plan", "fixtures/plans/classboard-compliant.json", "--source", prod, "--var-file", `${prod}/production.tfvars`]);
    expect(stderr).not.toMatch(/warning/);
    const resources = report.results.filter((r) => r.resource.type !== "scope");
    expect(resources.length).toBeGreaterThan(200);
    for (const r of resources) expect(at(r), r.resource.address).toMatch(/^terraform\/.+\.tf:[1-9]\d*$/);
    const db = report.results.find((r) => r.ruleId === "CB-RDS-001" && r.resource.address === "module.database.aws_db_instance.main")!;
    const line = readFileSync("terraform/modules/database/main.tf", "utf8").split("\n").findIndex((l) => /^\s*multi_az\s*=/.test(l)) + 1;
    expect(at(db)).toBe(`terraform/modules/database/main.tf:${line}`);
  });

  it("points each failure at the same file and line as scanning the source itself", () => {
    const src = "fixtures/tf/classboard-noncompliant";
    const fromPlan = json(["plan", "fixtures/plans/classboard-noncompliant.json", "--source", src]).report.results.filter((r) => r.verdict === "fail" && r.resource.type !== "scope");
    const fromHcl = new Map(json(["hcl", src]).report.results.filter((r) => r.verdict === "fail").map((r) => [`${r.ruleId} ${r.resource.address}`, at(r)]));
    expect(fromPlan.length).toBeGreaterThan(40);
    for (const r of fromPlan) expect(at(r), `${r.ruleId} ${r.resource.address}`).toBe(fromHcl.get(`${r.ruleId} ${r.resource.address}`));
  });

  it("applies the inline waivers of the source to the plan's findings", () => {
    // Laid out as in the repository: the fixture reuses terraform/modules/secure-bucket.
    const copy = join(tmp, "fixtures/tf/classboard-noncompliant");
    cpSync("fixtures/tf/classboard-noncompliant", copy, { recursive: true });
    cpSync("terraform", join(tmp, "terraform"), { recursive: true });
    const auth = join(copy, "modules/auth/main.tf");
    writeFileSync(auth, readFileSync(auth, "utf8").replace('resource "aws_cognito_user_pool" "main"', '# cbguard:waive CB-COG-001 reason="SMS MFA rollout in January" until=2099-01-31\nresource "aws_cognito_user_pool" "main"'));
    const { report } = json(["plan", "fixtures/plans/classboard-noncompliant.json", "--source", copy]);
    const cog = report.results.find((r) => r.ruleId === "CB-COG-001")!;
    expect(cog.verdict).toBe("fail");
    expect(cog.waiver?.reason).toBe("SMS MFA rollout in January");
  });

  it("warns when the source does not hold planned resources, and still judges them", () => {
    const r = cbguard(["plan", "fixtures/plans/classboard-noncompliant.json", "--source", "fixtures/hcl/values", "--fail-on", "none"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^cbguard: warning: \d+ planned resources not found in fixtures\/hcl\/values/m);
  });
});

describe("block addresses", () => {
  it("drop instance keys of resources and modules, keeping module names", () => {
    expect(blockAddress('module.a["x"].module.b[0].aws_s3_bucket.c["k]1"]')).toBe("module.a.module.b.aws_s3_bucket.c");
    expect(blockAddress("module.a.aws_s3_bucket.c")).toBe("module.a.aws_s3_bucket.c");
  });
});
