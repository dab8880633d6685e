import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createEngine } from "../src/engine/index.js";
import type { Finding } from "../src/model/finding.js";
import { parsePlan } from "../src/sources/plan/index.js";

/**
 * Every rule against real plans made by Terraform 1.11 from fixtures/tf/ (fixtures/tf/README.md
 * says which resource breaks or satisfies which rule, and why).
 */
const engine = createEngine({ configFile: undefined });
const scan = (name: string): Finding[] => {
  const file = `fixtures/plans/${name}.json`;
  return engine.scan(parsePlan(readFileSync(file, "utf8"), file)).findings;
};
// A live-only rule (CB-BAK-004) has nothing to judge in a plan; the live tests cover it.
const ids = engine.ruleSet.rules.filter((r) => !r.liveOnly).map((r) => r.id);
const where = (findings: Finding[], verdict: string) => {
  const m = new Map<string, string[]>();
  for (const f of findings.filter((x) => x.verdict === verdict)) m.set(f.ruleId, [...(m.get(f.ruleId) ?? []), f.resource.address].sort());
  return m;
};

const db = "module.database.aws_db_instance.main";
const files = "module.storage.aws_s3_bucket.files";
const job = (k: string) => `module.jobs.aws_lambda_function.job["${k}"]`;
const NONCOMPLIANT: Record<string, string[]> = {
  "CB-BAK-001": ["module.backup.aws_backup_vault.main"],
  "CB-BAK-002": ["module.backup.aws_backup_plan.main"],
  "CB-BAK-003": ["module.database.aws_db_instance.legacy", db],
  "CB-BAK-005": ["plan"],
  "CB-CF-001": ["module.cdn.aws_cloudfront_distribution.files"],
  "CB-CF-002": ["module.cdn.aws_cloudfront_distribution.files"],
  "CB-CF-003": ["module.cdn.aws_cloudfront_distribution.files"],
  "CB-COG-001": ["module.auth.aws_cognito_user_pool.main"],
  "CB-COG-002": ["module.auth.aws_cognito_user_pool.main"],
  "CB-COG-003": ["module.auth.aws_cognito_user_pool.main"],
  "CB-GOV-001": ["module.monitoring.aws_sqs_queue.support_alerts", "module.monitoring.aws_sqs_queue_policy.support_alerts"],
  "CB-GOV-002": ["module.audit.aws_config_configuration_recorder_status.main", "plan"],
  "CB-IAM-001": ["module.jobs.aws_iam_policy.jobs"],
  "CB-KMS-001": ["module.security.aws_kms_key.logs"],
  "CB-LAM-001": [job("data-cleanup"), job("grade-calculator")],
  "CB-LAM-002": [job("data-cleanup"), job("grade-calculator")],
  "CB-LOG-001": ['module.jobs.aws_cloudwatch_log_group.job["grade-calculator"]', "module.monitoring.aws_cloudwatch_log_group.app"],
  "CB-LOG-002": ["module.monitoring.aws_cloudwatch_log_group.api_access", "module.storage.module.access_logs_bucket.aws_s3_bucket.this"],
  "CB-MON-001": ["module.monitoring.aws_cloudwatch_metric_alarm.db_cpu", "plan"],
  "CB-MON-002": ["module.monitoring.aws_sns_topic.alerts", "plan"],
  "CB-MON-003": ["plan"],
  "CB-MON-004": ["module.monitoring.aws_budgets_budget.monthly", "plan"],
  "CB-NET-001": ["module.network.aws_vpc.main", "plan"],
  "CB-NET-002": ["module.network.aws_security_group.database", "module.network.aws_security_group_rule.bastion_ssh", "module.network.aws_vpc_security_group_ingress_rule.reporting_desktop_rdp"],
  "CB-NET-003": ["module.network.aws_subnet.private[0]", "module.network.aws_subnet.private[1]"],
  "CB-NET-004": ["module.network.aws_subnet.public[0]", "module.network.aws_subnet.public[1]"],
  "CB-RDS-001": [db], "CB-RDS-002": [db], "CB-RDS-003": [db], "CB-RDS-004": [db], "CB-RDS-005": [db],
  "CB-RDS-006": [db], "CB-RDS-007": [db], "CB-RDS-008": ["module.database.aws_db_instance.legacy"], "CB-RDS-009": [db],
  "CB-RDS-010": ["module.database.aws_db_instance.legacy", db],
  "CB-S3-001": [files], "CB-S3-002": [files], "CB-S3-003": [files], "CB-S3-004": [files], "CB-S3-005": [files],
  "CB-S3-006": [files], "CB-S3-007": [files],
  "CB-S3-008": ["module.audit.module.audit_bucket.aws_s3_bucket.this", files, "module.storage.module.files_backup_bucket.aws_s3_bucket.this"],
  "CB-SEC-001": ["module.security.aws_secretsmanager_secret.jwt_signing_key"],
  "CB-TRL-001": ["module.audit.aws_cloudtrail.main", "plan"],
};

describe("the compliant ClassBoard plan", () => {
  const findings = scan("classboard-compliant");
  it.each(ids)("%s passes, with nothing failed or unknown", (id) => {
    const mine = findings.filter((f) => f.ruleId === id);
    expect(mine.filter((f) => f.verdict === "fail" || f.verdict === "unknown"), JSON.stringify(mine, null, 1)).toEqual([]);
    expect(mine.some((f) => f.verdict === "pass")).toBe(true);
  });
});

describe("the noncompliant ClassBoard plan", () => {
  const fails = where(scan("classboard-noncompliant"), "fail");
  it("has a failing case for every rule", () => {
    expect(ids.filter((id) => !fails.has(id))).toEqual([]);
  });
  it.each(Object.entries(NONCOMPLIANT))("%s fails on exactly the broken resources", (id, addresses) => {
    expect(fails.get(id)).toEqual([...addresses].sort());
  });
});

describe("messages name the right instance", () => {
  const findings = scan("classboard-noncompliant");
  const lam = (key: string) => findings.find((f) => f.ruleId === "CB-LAM-001" && f.resource.address === job(key))?.message;
  it("a target written with each.key is tied to its own function, not to every instance", () => {
    expect(lam("grade-calculator")).toBe("classboard-production-grade-calculator runs on rate(2 hours); the guide runs grade-calculator hourly (rate(1 hour))");
    expect(lam("data-cleanup")).toMatch(/^no schedule invokes classboard-production-data-cleanup; the guide runs data-cleanup weekly on Sunday/);
  });
});

describe("a plan that lacks what the guide demands", () => {
  const findings = scan("classboard-missing");
  it.each(["CB-TRL-001", "CB-BAK-001", "CB-BAK-002", "CB-BAK-005", "CB-NET-001", "CB-MON-001", "CB-MON-002", "CB-MON-003", "CB-MON-004", "CB-GOV-002", "CB-LAM-001"])(
    "%s fails on the plan scope", (id) => {
      const f = findings.find((x) => x.ruleId === id && x.resource.address === "plan");
      expect(f?.verdict).toBe("fail");
      expect(f?.resource.type).toBe("scope");
    },
  );
  it("names every missing alarm in one result", () => {
    expect(findings.find((x) => x.ruleId === "CB-MON-001")?.message).toMatch(/CPUUtilization.*FreeableMemory.*FreeStorageSpace.*error rate/);
  });
});

describe("values known only after apply", () => {
  const findings = scan("unknowns");
  const unknown = where(findings, "unknown");
  it("are unknown where the rule needs the value, and never pass", () => {
    expect(Object.fromEntries(unknown)).toEqual({
      "CB-NET-002": ["aws_vpc_security_group_ingress_rule.reporting_db_ipv6"],
      "CB-RDS-004": ["aws_db_instance.reporting"],
      "CB-RDS-010": ["aws_db_instance.reporting"],
      "CB-S3-006": ["aws_s3_bucket.exports"],
    });
    for (const f of findings.filter((x) => x.verdict === "unknown")) expect(f.reason).toMatch(/known only after apply|not known/);
  });
  it("fall back to the provider default when configuration leaves them out", () => {
    const rds = (id: string) => findings.find((f) => f.ruleId === id && f.resource.address === "aws_db_instance.reporting");
    expect(rds("CB-RDS-001")).toMatchObject({ verdict: "fail", message: "multi_az is false; must be true" });
    expect(rds("CB-RDS-002")).toMatchObject({ verdict: "fail", message: "backup_retention_period is 1; must be at least 30" });
    expect(rds("CB-RDS-003")?.verdict).toBe("fail");
    expect(rds("CB-RDS-003")?.message).toMatch(/kms_key_id is not set in configuration/);
  });
  it("a key set from a resource created in the same plan counts as set", () => {
    const f = scan("classboard-compliant").find((x) => x.ruleId === "CB-RDS-003");
    expect(f).toMatchObject({ verdict: "pass" });
    expect(f?.message).toMatch(/kms_key_id is set from a reference/);
  });
});
