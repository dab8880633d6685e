import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cbguard } from "./helpers/cli.js";

const SECRET = "Sup3r-S3cret-Hunter2";
const tmp = mkdtempSync(join(tmpdir(), "cbguard-secret-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * A plan as Terraform writes it when a literal password and a secret string are in configuration:
 * the values are in planned_values, resource_changes and configuration, marked only by
 * after_sensitive, and a sensitive variable's value is in `variables`.
 */
function planWithSecrets(): string {
  const db = {
    address: "aws_db_instance.legacy", mode: "managed", type: "aws_db_instance", name: "legacy",
    provider_name: "registry.terraform.io/hashicorp/aws", schema_version: 2,
    values: { engine: "postgres", instance_class: "db.r5.large", password: SECRET, multi_az: false, backup_retention_period: 7 },
    sensitive_values: { password: true },
  };
  const sv = {
    address: "aws_secretsmanager_secret_version.jwt", mode: "managed", type: "aws_secretsmanager_secret_version", name: "jwt",
    provider_name: "registry.terraform.io/hashicorp/aws", schema_version: 0,
    values: { secret_string: SECRET, secret_id: "arn:aws:secretsmanager:us-east-1:123456789012:secret:jwt" },
    sensitive_values: { secret_string: true },
  };
  const change = (r: typeof db | typeof sv, sensitive: object) => ({
    address: r.address, mode: "managed", type: r.type, name: r.name, provider_name: r.provider_name,
    change: { actions: ["create"], before: null, after: r.values, after_unknown: { id: true }, before_sensitive: false, after_sensitive: sensitive },
  });
  return JSON.stringify({
    format_version: "1.2", terraform_version: "1.11.4",
    variables: { db_password: { value: SECRET } },
    planned_values: { root_module: { resources: [db, sv] } },
    resource_changes: [change(db, { password: true }), change(sv, { secret_string: true })],
    configuration: {
      provider_config: { aws: { name: "aws", full_name: "registry.terraform.io/hashicorp/aws", expressions: { region: { constant_value: "us-east-1" } } } },
      root_module: {
        resources: [
          { address: "aws_db_instance.legacy", mode: "managed", type: "aws_db_instance", name: "legacy", provider_config_key: "aws",
            expressions: { password: { constant_value: SECRET }, engine: { constant_value: "postgres" } }, schema_version: 2 },
          { address: "aws_secretsmanager_secret_version.jwt", mode: "managed", type: "aws_secretsmanager_secret_version", name: "jwt", provider_config_key: "aws",
            expressions: { secret_string: { references: ["var.db_password"] } }, schema_version: 0 },
        ],
        variables: { db_password: { sensitive: true } },
      },
    },
  });
}

describe("no secret leaves", () => {
  const plan = join(tmp, "secret-plan.json");
  writeFileSync(plan, planWithSecrets());

  it.each(["text", "json", "sarif", "markdown", "junit"])("not in the %s report", (format) => {
    const r = cbguard(["plan", plan, "-f", format, "--fail-on", "none"]);
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(100);
    expect(r.stdout).not.toContain(SECRET);
    expect(r.stderr).not.toContain(SECRET);
  });

  it("the rules still judge the resource that holds it", () => {
    const report = JSON.parse(cbguard(["plan", plan, "-f", "json", "--fail-on", "none"]).stdout) as { results: { ruleId: string; verdict: string; resource: { address: string } }[] };
    const rds009 = report.results.find((r) => r.ruleId === "CB-RDS-009" && r.resource.address === "aws_db_instance.legacy");
    expect(rds009?.verdict).toBe("fail");
    expect(report.results.find((r) => r.ruleId === "CB-RDS-002")?.verdict).toBe("fail");
  });

  it("not in an error message about a broken plan that holds it", () => {
    const text = readFileSync(plan, "utf8");
    for (const cut of [text.indexOf(SECRET) + 5, text.lastIndexOf(SECRET) + 3]) {
      const broken = join(tmp, `broken-${cut}.json`);
      writeFileSync(broken, text.slice(0, cut));
      const r = cbguard(["plan", broken]);
      expect(r.status).toBe(2);
      expect(r.stderr).not.toContain(SECRET);
      expect(r.stderr).not.toContain(SECRET.slice(0, 5));
    }
  });
});
