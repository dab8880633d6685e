import { describe, expect, it } from "vitest";
import { variableInputs } from "../src/cli/variables.js";
import { cbguard } from "./helpers/cli.js";

describe("cbguard hcl", () => {
  it("judges a directory: exit 1 on failures, kind hcl in the JSON report", () => {
    const r = cbguard(["hcl", "fixtures/hcl/stack", "-f", "json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.scan).toMatchObject({ kind: "hcl", inputs: ["fixtures/hcl/stack"], resourceCount: 9, regions: ["us-east-1"] });
    const rds = report.results.find((x: { ruleId: string; resource: { address: string } }) => x.ruleId === "CB-RDS-001" && x.resource.address === "aws_db_instance.main");
    expect(rds).toMatchObject({ verdict: "fail", resource: { location: { file: "fixtures/hcl/stack/main.tf", startLine: 24, endLine: 24 } } });
  });

  it("warns on stderr about what it did not scan, always", () => {
    const r = cbguard(["hcl", "fixtures/hcl/modules", "-f", "json", "--fail-on", "critical"]);
    expect(r.stderr).toBe("cbguard: warning: module.vpc (terraform-aws-modules/vpc/aws): remote module source, not scanned\n");
    expect(JSON.parse(r.stdout).scan.resourceCount).toBe(15);
  });

  it("reads --var-file and --var", () => {
    const ok = cbguard(["hcl", "fixtures/hcl/providers", "--var", "region=eu-north-1", "-f", "json"]);
    expect(ok.stderr).toBe("");
    expect(JSON.parse(ok.stdout).scan.regions).toEqual(["ap-south-1", "eu-central-1", "eu-north-1"]);
  });

  it.each([
    [["hcl", "fixtures/hcl/errors/syntax"], "cbguard: fixtures/hcl/errors/syntax/main.tf:6:11: Invalid expression; Expected the start of an expression, but found an invalid expression token.\n"],
    [["hcl", "fixtures/hcl/nope"], "cbguard: fixtures/hcl/nope: directory not found\n"],
    [["hcl", "fixtures/hcl/stack", "--var-file", "fixtures/hcl/none.tfvars"], "cbguard: fixtures/hcl/none.tfvars: variables file not found\n"],
    [["hcl", "fixtures/hcl/variables", "--var", "s3cret"], "cbguard: --var: expected NAME=VALUE\n"],
    [["hcl", "fixtures/hcl/errors/missing-module"], "cbguard: fixtures/hcl/errors/missing-module/main.tf:1: module \"gone\": source directory fixtures/hcl/errors/missing-module/modules/gone not found\n"],
  ])("exits 2 with one line for %j", (args, stderr) => {
    const r = cbguard(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(stderr);
    expect(r.stdout).toBe("");
  });
});

describe("--var-file and --var order", () => {
  it("is the command line's, as Terraform's precedence needs", () => {
    expect(variableInputs(["hcl", "d", "--var", "a=1", "--var-file", "f.tfvars", "--var=b=2", "--var-file=g.tfvars"], ["f.tfvars", "g.tfvars"], ["a=1", "b=2"]))
      .toEqual([{ assignment: "a=1" }, { file: "f.tfvars" }, { assignment: "b=2" }, { file: "g.tfvars" }]);
  });

  it("falls back to files first when the arguments cannot be read back", () => {
    expect(variableInputs(["hcl", "d"], ["f.tfvars"], ["a=1"])).toEqual([{ file: "f.tfvars" }, { assignment: "a=1" }]);
  });
});
