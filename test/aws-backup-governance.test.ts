/**
 * The backup and governance collectors against the local endpoint: AWS Backup (vaults, plans,
 * selections, protected resources and their jobs, restore testing), CloudTrail, Secrets Manager,
 * KMS, IAM and AWS Config. The compliant account is terraform/environments/production; the broken
 * one is the same account with the defects listed in fixtures/aws/README.md.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../src/engine/index.js";
import type { Resource } from "../src/model/resource.js";
import { requiredActions } from "../src/sources/aws/collect.js";
import { backupRows } from "../src/sources/aws/backup.js";
import { cloudtrailRows } from "../src/sources/aws/cloudtrail.js";
import { configRows } from "../src/sources/aws/config.js";
import { iamRows } from "../src/sources/aws/iam.js";
import { kmsRows } from "../src/sources/aws/kms.js";
import { secretsmanagerRows } from "../src/sources/aws/secretsmanager.js";
import { parsePlan } from "../src/sources/plan/index.js";
import { scanAccount, verdictsOf, type LiveScan } from "./helpers/aws.js";

const BAK = ["CB-BAK-001", "CB-BAK-002", "CB-BAK-003", "CB-BAK-004", "CB-BAK-005"];
const GOV = ["CB-TRL-001", "CB-SEC-001", "CB-KMS-001", "CB-IAM-001", "CB-GOV-002"];
const RULES = [...BAK, ...GOV];
const MINE = ["backup", "cloudtrail", "secretsmanager", "kms", "iam", "config"];
const ROWS = [...backupRows, ...cloudtrailRows, ...secretsmanagerRows, ...kmsRows, ...iamRows, ...configRows];

const ACCT = "123456789012";
const E = `us-east-1:${ACCT}`;
const SCOPE = `aws:${ACCT}:us-east-1`;
const PROD_DB = `arn:aws:rds:${E}:db:classboard-production-db`;
const REPORTS_DB = `arn:aws:rds:${E}:db:classboard-production-reports`;
const VAULT = `arn:aws:backup:${E}:backup-vault:classboard-production-vault`;
const PLAN_ID = "4f1c2d3e-5a6b-4c7d-9e8f-0a1b2c3d4e01";
const PLAN = `arn:aws:backup:${E}:backup-plan:${PLAN_ID}`;
const SELECTION = `${PLAN}/selection/9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c01`;
const TRAIL = `arn:aws:cloudtrail:${E}:trail/classboard-production-trail`;
const JWT = `arn:aws:secretsmanager:${E}:secret:classboard/production/jwt-signing-key-Ab12Cd`;
const RDS_SECRET = `arn:aws:secretsmanager:${E}:secret:rds!db-3f2b9c1e-8a4d-4e6f-b7c2-5d9e1a0f4b3c-Xy7Kq2`;
const KEY = (region: string, id: string) => `arn:aws:kms:${region}:${ACCT}:key/${id}`;
const DATA_KEY = KEY("us-east-1", "0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e");
const LOGS_KEY = KEY("us-east-1", "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f");
const AUDIT_KEY = KEY("us-east-1", "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d");
const REPLICA_KEY = KEY("us-west-2", "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b");
const JOBS_POLICY = `arn:aws:iam::${ACCT}:policy/classboard-production-jobs`;
const rolePolicy = (role: string, name: string) => `arn:aws:iam::${ACCT}:role/${role}?policy=${name}`;
const ROLE_POLICIES = [
  rolePolicy("classboard-production-config", "deliver-to-audit-bucket"),
  rolePolicy("classboard-production-jwt-rotation", "rotate-jwt-signing-key"),
  rolePolicy("classboard-production-s3-replication", "replicate-files-bucket"),
  rolePolicy("classboard-production-vpc-flow-logs", "write-vpc-flow-logs"),
];
const RECORDER = `arn:aws:config:${E}:configuration-recorder/classboard-production/q1w2e3r4t5y6u7i8`;

const byAddress = (inv: LiveScan["inv"], address: string, type?: string): Resource => {
  const r = inv.resources.find((x) => x.address === address && (type === undefined || x.type === type));
  if (!r) throw new Error(`no resource ${address}`);
  return r;
};
const finding = (scan: LiveScan, rule: string, address: string) => scan.findings.find((f) => f.ruleId === rule && f.resource.address === address);

/** The compliant plan's values of one resource, to match live values against. */
function planValues(address: string): Record<string, unknown> {
  const plan = JSON.parse(readFileSync("fixtures/plans/classboard-compliant.json", "utf8")) as { planned_values: { root_module: PlanModule } };
  interface PlanModule { resources?: { address: string; values: Record<string, unknown> }[]; child_modules?: PlanModule[] }
  const find = (m: PlanModule): Record<string, unknown> | undefined => m.resources?.find((r) => r.address === address)?.values ?? m.child_modules?.map(find).find(Boolean);
  const v = find(plan.planned_values.root_module);
  if (!v) throw new Error(`no ${address} in the plan`);
  return v;
}

describe("compliant account: the production Terraform, live", () => {
  let scan: LiveScan & { calls: { action: string; service: string }[] };
  beforeAll(async () => {
    scan = await scanAccount("compliant");
  });

  it("every backup and governance rule passes, on the plan's resources", () => {
    expect(scan.inv.unread.filter((u) => MINE.includes(u.service))).toEqual([]);
    expect(verdictsOf(scan.findings, RULES)).toEqual({
      "CB-BAK-001 pass": [VAULT, SCOPE],
      "CB-BAK-002 pass": [PLAN, SCOPE],
      "CB-BAK-003 pass": [PROD_DB],
      "CB-BAK-004 pass": [PROD_DB],
      "CB-BAK-005 pass": [SCOPE],
      "CB-TRL-001 pass": [TRAIL, SCOPE],
      "CB-SEC-001 pass": [JWT, RDS_SECRET],
      "CB-KMS-001 pass": [DATA_KEY, LOGS_KEY, AUDIT_KEY, REPLICA_KEY].sort(),
      "CB-IAM-001 pass": [JOBS_POLICY, ...ROLE_POLICIES].sort(),
      "CB-GOV-002 pass": [`${RECORDER}?status`, SCOPE],
    });
    // The database is both protected and named by the selection: judged once, as protected.
    expect(finding(scan, "CB-BAK-004", PROD_DB)?.resource.type).toBe("aws_backup_protected_resource");
    expect(scan.findings.filter((f) => f.ruleId === "CB-BAK-004" && f.verdict === "not_applicable").map((f) => f.resource.type)).toEqual(["aws_backup_selected_resource"]);
  });

  it("reads the API's members into the provider's attributes, with the plan's names", () => {
    const vault = planValues("module.backup.aws_backup_vault.main");
    expect(byAddress(scan.inv, VAULT).values).toEqual({ arn: VAULT, id: vault.name, name: vault.name, kms_key_arn: DATA_KEY, recovery_points: 38 });
    const plan = planValues("module.backup.aws_backup_plan.main") as { name: string; rule: Record<string, unknown>[] };
    const live = byAddress(scan.inv, PLAN).values;
    expect(live).toMatchObject({ id: PLAN_ID, name: plan.name });
    const pick = ({ rule_name, schedule, schedule_expression_timezone, start_window, completion_window, target_vault_name, lifecycle }: Record<string, unknown>) =>
      ({ rule_name, schedule, schedule_expression_timezone, start_window, completion_window, target_vault_name, delete_after: (lifecycle as { delete_after: number }[])[0]?.delete_after });
    expect((live.rule as Record<string, unknown>[]).map(pick)).toEqual(plan.rule.map(pick));
    expect(byAddress(scan.inv, SELECTION).values).toMatchObject({ plan_id: PLAN_ID, name: planValues("module.backup.aws_backup_selection.database").name, resources: [PROD_DB], selection_tag: [] });
    const protectedDb = byAddress(scan.inv, PROD_DB, "aws_backup_protected_resource").values;
    expect(protectedDb).toMatchObject({ resource_arn: PROD_DB, resource_type: "RDS", resource_name: "classboard-production-db" });
    // The latest COMPLETED job (4 h ago), not the older one or the failed one.
    const hoursAgo = (Date.now() - Date.parse(String(protectedDb.latest_completed_backup))) / 3_600_000;
    expect(hoursAgo).toBeGreaterThan(3.9);
    expect(hoursAgo).toBeLessThan(4.1);
    expect(byAddress(scan.inv, `arn:aws:backup:${E}:restore-testing-plan:classboard_production_monthly_restore-8f3a2c`).values)
      .toMatchObject({ name: planValues("module.backup.aws_backup_restore_testing_plan.monthly").name, schedule_expression: "cron(0 6 1 * ? *)" });

    expect(byAddress(scan.inv, TRAIL).values).toMatchObject({
      name: planValues("module.audit.aws_cloudtrail.main").name, is_multi_region_trail: true, include_global_service_events: true, enable_log_file_validation: true,
      kms_key_id: AUDIT_KEY, enable_logging: true, home_region: "us-east-1", s3_bucket_name: "classboard-production-audit-logs",
      event_selector: [{ read_write_type: "All", include_management_events: true, data_resource: [], exclude_management_event_sources: [] }], advanced_event_selector: [],
    });
    expect(byAddress(scan.inv, JWT).values).toMatchObject({ id: JWT, name: "classboard/production/jwt-signing-key", kms_key_id: DATA_KEY });
    expect(byAddress(scan.inv, `${JWT}?rotation`).values).toEqual({
      id: JWT, secret_id: JWT, rotation_lambda_arn: `arn:aws:lambda:${E}:function:classboard-production-jwt-rotation`,
      rotation_rules: [{ automatically_after_days: 30, duration: "", schedule_expression: "" }],
    });
    expect(byAddress(scan.inv, LOGS_KEY).values).toMatchObject({
      key_id: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", description: "classboard-production CloudWatch Logs", customer_master_key_spec: "SYMMETRIC_DEFAULT",
      key_usage: "ENCRYPT_DECRYPT", enable_key_rotation: true, rotation_period_in_days: 365,
    });
    // AWS managed keys (aws/backup, aws/secretsmanager) are not the team's keys.
    expect(scan.inv.resources.filter((r) => r.type === "aws_kms_key").map((r) => r.address).sort()).toEqual([DATA_KEY, LOGS_KEY, AUDIT_KEY, REPLICA_KEY].sort());

    // The default version, decoded from its URL encoding; only the account's own policies.
    const jobs = byAddress(scan.inv, JOBS_POLICY);
    expect(jobs.region).toBeUndefined();
    expect(JSON.parse(String(jobs.values.policy))).toEqual(JSON.parse(String(planValues("module.jobs.aws_iam_policy.jobs").policy)));
    expect(scan.inv.resources.filter((r) => r.type === "aws_iam_policy").map((r) => r.address)).toEqual([JOBS_POLICY]);
    const flow = byAddress(scan.inv, ROLE_POLICIES[3]!);
    expect(flow.values).toMatchObject({ id: "classboard-production-vpc-flow-logs:write-vpc-flow-logs", name: "write-vpc-flow-logs", role: "classboard-production-vpc-flow-logs" });
    expect(JSON.parse(String(flow.values.policy))).toEqual(JSON.parse(String(planValues("module.network.aws_iam_role_policy.flow_logs").policy)));

    const recorder = planValues("module.audit.aws_config_configuration_recorder.main");
    expect(byAddress(scan.inv, RECORDER).values).toEqual({
      id: recorder.name, name: recorder.name, role_arn: `arn:aws:iam::${ACCT}:role/classboard-production-config`,
      recording_group: [{ all_supported: true, include_global_resource_types: true, resource_types: [] }],
    });
    expect(byAddress(scan.inv, `${RECORDER}?status`).values).toEqual({ id: recorder.name, name: recorder.name, is_enabled: true });
  });

  it("makes only read calls, each with an IAM action in the table", () => {
    const mine = scan.calls.filter((c) => MINE.includes(c.service));
    expect(new Set(mine.map((c) => c.service))).toEqual(new Set(MINE));
    for (const c of mine) expect(c.action).toMatch(/^(Describe|List|Get)/);
    expect(requiredActions(ROWS as never)).toEqual([
      "backup:GetBackupPlan", "backup:GetBackupSelection", "backup:ListBackupJobs", "backup:ListBackupPlans", "backup:ListBackupSelections",
      "backup:ListBackupVaults", "backup:ListProtectedResources", "backup:ListRestoreTestingPlans",
      "cloudtrail:DescribeTrails", "cloudtrail:GetEventSelectors", "cloudtrail:GetTrailStatus",
      "config:DescribeConfigurationRecorderStatus", "config:DescribeConfigurationRecorders",
      "iam:GetPolicyVersion", "iam:GetRolePolicy", "iam:ListPolicies", "iam:ListRolePolicies", "iam:ListRoles",
      "kms:DescribeKey", "kms:GetKeyRotationStatus", "kms:ListKeys",
      "secretsmanager:ListSecrets",
    ]);
  });
});

describe("broken account", () => {
  let scan: LiveScan;
  beforeAll(async () => {
    scan = await scanAccount("broken");
  });

  it("fails exactly the broken resources", () => {
    const v = verdictsOf(scan.findings, RULES);
    expect(Object.fromEntries(Object.entries(v).filter(([k]) => k.endsWith(" fail") || k.endsWith(" unknown")))).toEqual({
      "CB-BAK-001 fail": [VAULT],
      "CB-BAK-002 fail": [PLAN],
      "CB-BAK-003 fail": [PROD_DB],
      "CB-BAK-004 fail": [PROD_DB, REPORTS_DB],
      "CB-BAK-005 fail": [SCOPE],
      "CB-TRL-001 fail": [TRAIL],
      "CB-SEC-001 fail": [JWT],
      "CB-KMS-001 fail": [LOGS_KEY],
      "CB-IAM-001 fail": [JOBS_POLICY],
      "CB-GOV-002 fail": [`${RECORDER}?status`, SCOPE],
    });
    expect(v["CB-BAK-003 pass"]).toEqual([REPORTS_DB]);
  });

  it("says why", () => {
    expect(finding(scan, "CB-BAK-001", VAULT)?.message).toBe("kms_key_arn is not set");
    expect(finding(scan, "CB-BAK-002", PLAN)?.message).toMatch(/lifecycle\.0\.delete_after is 7; must be at least 30/);
    // Protected, but its latest completed job is two days old; the failed ones since do not count.
    const stale = scan.findings.find((f) => f.ruleId === "CB-BAK-004" && f.resource.address === PROD_DB);
    expect(stale?.resource.type).toBe("aws_backup_protected_resource");
    expect(stale?.message).toMatch(/^its latest completed backup job finished 50\.\d hours ago .*, more than 26 hours$/);
    // Named by the selection, never backed up: AWS Backup does not list it as protected.
    const never = scan.findings.find((f) => f.ruleId === "CB-BAK-004" && f.resource.address === REPORTS_DB);
    expect(never).toMatchObject({ verdict: "fail", message: "no backup job of it has completed", resource: { type: "aws_backup_selected_resource" } });
    expect(finding(scan, "CB-TRL-001", TRAIL)?.message).toMatch(/enable_log_file_validation is false/);
    expect(finding(scan, "CB-IAM-001", JOBS_POLICY)?.message).toBe('policy allows Action "*" on Resource "*"');
    expect(finding(scan, "CB-GOV-002", SCOPE)?.message).toMatch(/no enabled AWS Config recorder status/);
  });
});

describe("denied calls make the verdict unknown, naming the IAM action", () => {
  const unknownOn = (scan: LiveScan, rule: string, address: string, action: string) => {
    const f = finding(scan, rule, address);
    expect(f?.verdict, JSON.stringify(f)).toBe("unknown");
    expect(f?.reason).toContain(action);
  };

  it("list calls: the types are unread, demands and relations on them unknown", async () => {
    const scan = await scanAccount("compliant", { faults: {
      "backup:ListProtectedResources": { kind: "AccessDenied" },
      "cloudtrail:DescribeTrails": { kind: "AccessDenied" },
      "config:DescribeConfigurationRecorderStatus": { kind: "AccessDenied" },
    } });
    expect(scan.inv.unread.filter((u) => MINE.includes(u.service)).map((u) => `${u.action} ${u.region}`).sort()).toEqual([
      "backup:ListProtectedResources us-east-1", "backup:ListProtectedResources us-west-2",
      "cloudtrail:DescribeTrails us-east-1", "cloudtrail:DescribeTrails us-west-2",
      "config:DescribeConfigurationRecorderStatus us-east-1", "config:DescribeConfigurationRecorderStatus us-west-2",
    ]);
    // The selection still names the database; whether AWS Backup protects it is unknown.
    unknownOn(scan, "CB-BAK-004", PROD_DB, "backup:ListProtectedResources");
    unknownOn(scan, "CB-TRL-001", SCOPE, "cloudtrail:DescribeTrails");
    unknownOn(scan, "CB-GOV-002", SCOPE, "config:DescribeConfigurationRecorderStatus");
  });

  it("a selection whose resources could not be read may name the database: CB-BAK-003 unknown, not failed", async () => {
    const scan = await scanAccount("compliant", { faults: { "backup:GetBackupSelection": { kind: "AccessDenied" } } });
    unknownOn(scan, "CB-BAK-003", PROD_DB, "backup:GetBackupSelection");
  });

  it("detail calls: the attribute is unreadable", async () => {
    const scan = await scanAccount("compliant", { faults: {
      "backup:ListBackupJobs": { kind: "AccessDenied" },
      "backup:GetBackupPlan": { kind: "AccessDenied" },
      "cloudtrail:GetTrailStatus": { kind: "AccessDenied" },
      "kms:GetKeyRotationStatus": { kind: "AccessDenied" },
      "iam:GetRolePolicy": { kind: "AccessDenied" },
    } });
    unknownOn(scan, "CB-BAK-004", PROD_DB, "backup:ListBackupJobs");
    unknownOn(scan, "CB-BAK-002", PLAN, "backup:GetBackupPlan");
    unknownOn(scan, "CB-TRL-001", TRAIL, "cloudtrail:GetTrailStatus");
    unknownOn(scan, "CB-KMS-001", LOGS_KEY, "kms:GetKeyRotationStatus");
    for (const p of ROLE_POLICIES) unknownOn(scan, "CB-IAM-001", p, "iam:GetRolePolicy");
    // What the denial did not touch is still judged.
    expect(finding(scan, "CB-IAM-001", JOBS_POLICY)?.verdict).toBe("pass");
    expect(finding(scan, "CB-BAK-001", VAULT)?.verdict).toBe("pass");
  });
});

describe("CB-BAK-004 on a plan", () => {
  it("is absent: a plan holds no backup jobs", () => {
    const file = "fixtures/plans/classboard-compliant.json";
    const findings = createEngine({ configFile: undefined }).scan(parsePlan(readFileSync(file, "utf8"), file)).findings;
    expect(findings.filter((f) => f.ruleId === "CB-BAK-004")).toEqual([]);
  });
});
