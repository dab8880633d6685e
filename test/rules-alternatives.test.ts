import { describe, expect, it } from "vitest";
import { createEngine } from "../src/engine/index.js";
import type { Finding } from "../src/model/finding.js";
import type { Resource } from "../src/model/resource.js";
import { res } from "./helpers/resource.js";

/** Forms the guide allows that the Terraform fixtures do not use: each judged by the real rules. */
const engine = createEngine({ configFile: undefined });
function verdict(resources: Resource[], ruleId: string, address = resources[0]!.address): Finding["verdict"] | undefined {
  const findings = engine.scan({ kind: "plan", inputs: ["test"], resources, scopes: [{ address: "plan" }] }).findings;
  return findings.find((f) => f.ruleId === ruleId && f.resource.address === address)?.verdict;
}

const FN_ARN = "arn:aws:lambda:us-east-1:123456789012:function:cb-grade-calculator";
const fn = () => res("aws_lambda_function.grades", { function_name: "cb-grade-calculator", arn: FN_ARN });

describe("CB-LAM-001 with EventBridge Scheduler", () => {
  const schedule = (extra: Record<string, unknown>) => res("aws_scheduler_schedule.grades", { schedule_expression: "cron(0 * * * ? *)", target: [{ arn: FN_ARN }], ...extra });
  it("passes on an equivalent expression", () => expect(verdict([fn(), schedule({})], "CB-LAM-001")).toBe("pass"));
  it("fails when the schedule is disabled", () => expect(verdict([fn(), schedule({ state: "DISABLED" })], "CB-LAM-001")).toBe("fail"));
  it("fails when a time zone moves 02:00 off UTC", () => {
    const rep = res("aws_lambda_function.rep", { function_name: "cb-report-generator", arn: FN_ARN });
    const at2 = (tz: string) => schedule({ schedule_expression: "cron(0 2 * * ? *)", schedule_expression_timezone: tz });
    expect(verdict([rep, at2("UTC")], "CB-LAM-001")).toBe("pass");
    expect(verdict([rep, at2("Europe/Paris")], "CB-LAM-001")).toBe("fail");
  });
  it("fails on a wrong cadence", () => expect(verdict([fn(), schedule({ schedule_expression: "rate(2 hours)" })], "CB-LAM-001")).toBe("fail"));
  it("a function that is not a guide job is not applicable", () => expect(verdict([res("aws_lambda_function.api", { function_name: "cb-api" })], "CB-LAM-001")).toBe("not_applicable"));
});

describe("CB-BAK-003 selection by tag", () => {
  const db = res("aws_db_instance.main", { arn: "arn:aws:rds:us-east-1:1:db:main", tags_all: { backup: "daily" } });
  const sel = (value: string) => res("aws_backup_selection.tagged", { resources: [], selection_tag: [{ type: "STRINGEQUALS", key: "backup", value }] });
  it("passes when a selection picks the database's tag", () => expect(verdict([db, sel("daily")], "CB-BAK-003")).toBe("pass"));
  it("fails when no selection matches", () => expect(verdict([db, sel("weekly")], "CB-BAK-003")).toBe("fail"));
  it("passes when a selection names the ARN (as read live)", () => {
    expect(verdict([db, res("aws_backup_selection.byarn", { resources: ["arn:aws:rds:us-east-1:1:db:main"] })], "CB-BAK-003")).toBe("pass");
  });
});

describe("v3-style inline blocks on aws_s3_bucket", () => {
  const configured = { expressions: { bucket: { literal: true }, "versioning.0.enabled": { literal: true }, "server_side_encryption_configuration.0.rule.0.apply_server_side_encryption_by_default.0.sse_algorithm": { literal: true }, "lifecycle_rule.0.enabled": { literal: true }, "cors_rule.0.allowed_origins": { literal: true } } };
  const bucket = (sse: string, versioning: boolean, origins: string[]) => res("aws_s3_bucket.legacy", {
    bucket: "legacy", versioning: [{ enabled: versioning }],
    server_side_encryption_configuration: [{ rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: sse }] }] }],
    lifecycle_rule: [{ enabled: true }], cors_rule: [{ allowed_origins: origins }],
  }, configured);
  it("pass when the inline settings comply", () => {
    const b = bucket("aws:kms", true, ["https://classboard.app"]);
    for (const id of ["CB-S3-001", "CB-S3-002", "CB-S3-003", "CB-S3-006"]) expect(verdict([b], id), id).toBe("pass");
  });
  it("fail when they do not", () => {
    const b = bucket("AES256", false, ["*"]);
    for (const id of ["CB-S3-001", "CB-S3-002", "CB-S3-006"]) expect(verdict([b], id), id).toBe("fail");
  });
  it("a public ACL fails CB-S3-005 even with the public access block on", () => {
    const b = res("aws_s3_bucket.site", { bucket: "site", id: "site" });
    const pab = res("aws_s3_bucket_public_access_block.site", { bucket: "site", block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(verdict([b, pab], "CB-S3-005")).toBe("pass");
    expect(verdict([b, pab, res("aws_s3_bucket_acl.site", { bucket: "site", acl: "public-read" })], "CB-S3-005")).toBe("fail");
  });
});

describe("CB-CF-001 with an origin access identity", () => {
  const dist = (origin: Record<string, unknown>) => res("aws_cloudfront_distribution.cdn", { origin: [{ domain_name: "cb-files.s3.us-east-1.amazonaws.com", ...origin }] });
  it("passes with an OAI", () => expect(verdict([dist({ s3_origin_config: [{ origin_access_identity: "origin-access-identity/cloudfront/E2ABC" }], origin_access_control_id: "" })], "CB-CF-001")).toBe("pass"));
  it("fails on an S3 origin with neither", () => expect(verdict([dist({ origin_access_control_id: "" })], "CB-CF-001")).toBe("fail"));
  it("ignores a custom origin", () => expect(verdict([res("aws_cloudfront_distribution.cdn", { origin: [{ domain_name: "api.classboard.app", origin_access_control_id: "" }] })], "CB-CF-001")).toBe("pass"));
});

describe("Aurora clusters", () => {
  const cluster = (over: Record<string, unknown>) => res("aws_rds_cluster.main", { engine: "aurora-postgresql", backup_retention_period: 35, storage_encrypted: true, kms_key_id: "arn:aws:kms:us-east-1:1:key/abc", manage_master_user_password: true, ...over });
  it("are judged by the database rules that apply to them", () => {
    for (const id of ["CB-RDS-002", "CB-RDS-003", "CB-RDS-008", "CB-RDS-009"]) expect(verdict([cluster({})], id), id).toBe("pass");
    expect(verdict([cluster({ backup_retention_period: 7 })], "CB-RDS-002")).toBe("fail");
    expect(verdict([cluster({ engine: "aurora-mysql" })], "CB-RDS-008")).toBe("fail");
  });
  it("a literal master_password on a cluster fails CB-RDS-009", () => {
    const literal = res("aws_rds_cluster.main", { engine: "aurora-postgresql", manage_master_user_password: false }, { expressions: { master_password: { literal: true } } });
    const fromVar = res("aws_rds_cluster.main", { engine: "aurora-postgresql", manage_master_user_password: false }, { expressions: { master_password: { references: ["var.db_password"] } } });
    expect(verdict([literal], "CB-RDS-009")).toBe("fail");
    expect(verdict([fromVar], "CB-RDS-009")).toBe("pass");
  });
});

describe("CB-MON-001 error alarms on 5xx", () => {
  it("a 5XXError alarm to SNS meets the error-rate demand", () => {
    const alarm = (name: string, metric: string, ns: string) => res(`aws_cloudwatch_metric_alarm.${name}`, { metric_name: metric, namespace: ns, alarm_actions: ["arn:aws:sns:us-east-1:1:alerts"] });
    const alarms = [alarm("cpu", "CPUUtilization", "AWS/RDS"), alarm("mem", "FreeableMemory", "AWS/RDS"), alarm("disk", "FreeStorageSpace", "AWS/RDS")];
    expect(verdict(alarms, "CB-MON-001", "plan")).toBe("fail");
    expect(verdict([...alarms, alarm("api", "5XXError", "AWS/ApiGateway")], "CB-MON-001", "plan")).toBe("pass");
  });
});

describe("CB-GOV-001", () => {
  it("judges regional resources by region and leaves global services out", () => {
    expect(verdict([res("aws_sqs_queue.q", {}, { region: "eu-west-1" })], "CB-GOV-001")).toBe("fail");
    expect(verdict([res("aws_sqs_queue.q", {}, { region: "us-west-2" })], "CB-GOV-001")).toBe("pass");
    expect(verdict([res("aws_iam_role.r", {}, { region: "eu-west-1" })], "CB-GOV-001")).toBe("not_applicable");
    expect(verdict([res("aws_sqs_queue.q", {})], "CB-GOV-001")).toBe("unknown");
  });
});

describe("customer managed keys", () => {
  const db = (kms: Record<string, unknown>, extra = {}) => res("aws_db_instance.main", { storage_encrypted: true, ...kms }, extra);
  it("an AWS managed alias is not a customer key", () => {
    expect(verdict([db({ kms_key_id: "alias/aws/rds" })], "CB-RDS-003")).toBe("fail");
    expect(verdict([db({ kms_key_id: "arn:aws:kms:us-east-1:1:alias/aws/rds" })], "CB-RDS-003")).toBe("fail");
    expect(verdict([db({ kms_key_id: "arn:aws:kms:us-east-1:1:key/0d1f2e3c-aaaa-bbbb-cccc-1234567890ab" })], "CB-RDS-003")).toBe("pass");
  });
  it('a literal "" written for a computed key leaves the choice to AWS', () => {
    expect(verdict([db({}, { unknown: ["kms_key_id"], expressions: { kms_key_id: { literal: true }, storage_encrypted: { literal: true } } })], "CB-RDS-003")).toBe("fail");
  });
});

describe("provider and AWS defaults", () => {
  it("a Cognito pool without a password policy gets Cognito's 8 characters, and fails", () => {
    const pool = res("aws_cognito_user_pool.p", {}, { unknown: ["password_policy"], expressions: { name: { literal: true } } });
    expect(verdict([pool], "CB-COG-002")).toBe("fail");
  });
  it("a class a written policy leaves out is not required, and fails", () => {
    const policy = { minimum_length: 14, require_uppercase: true, require_lowercase: true, require_numbers: true };
    expect(verdict([res("aws_cognito_user_pool.p", { password_policy: [{ ...policy, require_symbols: null }] })], "CB-COG-002")).toBe("fail");
    expect(verdict([res("aws_cognito_user_pool.p", { password_policy: [{ ...policy, require_symbols: true }] })], "CB-COG-002")).toBe("pass");
  });
  it("a backup rule without a schedule runs daily (AWS Backup's default); a monthly one is neither daily nor weekly", () => {
    const plan = (rules: Record<string, unknown>[]) => res("aws_backup_plan.p", { rule: rules });
    const keep = { lifecycle: [{ delete_after: 35 }] };
    expect(verdict([plan([{ schedule: "", ...keep }, { schedule: "cron(0 5 ? * SUN *)", ...keep }])], "CB-BAK-002")).toBe("pass");
    expect(verdict([plan([{ schedule: "cron(0 5 1 * ? *)", ...keep }, { schedule: "cron(0 5 ? * SUN *)", ...keep }])], "CB-BAK-002")).toBe("fail");
  });
  it("RDS's default groups for PostgreSQL 15+ force TLS; older ones do not", () => {
    expect(verdict([res("aws_db_instance.d", { parameter_group_name: "default.postgres16" })], "CB-RDS-010")).toBe("pass");
    expect(verdict([res("aws_db_instance.d", { parameter_group_name: "default.postgres14" })], "CB-RDS-010")).toBe("fail");
  });
});

describe("CloudFront viewer TLS", () => {
  it("the default certificate fails whatever minimum is written", () => {
    const dist = (cert: Record<string, unknown>) => res("aws_cloudfront_distribution.d", {
      default_cache_behavior: [{ viewer_protocol_policy: "redirect-to-https" }], viewer_certificate: [{ minimum_protocol_version: "TLSv1.2_2021", ...cert }],
    });
    expect(verdict([dist({ cloudfront_default_certificate: true })], "CB-CF-002")).toBe("fail");
    expect(verdict([dist({ cloudfront_default_certificate: false, acm_certificate_arn: "arn:aws:acm:us-east-1:1:certificate/x" })], "CB-CF-002")).toBe("pass");
  });
});

describe("CB-TRL-001 with advanced event selectors", () => {
  const trail = (selectors: Record<string, unknown>[]) => res("aws_cloudtrail.t", {
    is_multi_region_trail: true, include_global_service_events: true, enable_log_file_validation: true, enable_logging: true,
    kms_key_id: "arn:aws:kms:us-east-1:1:key/0d1f2e3c-aaaa-bbbb-cccc-1234567890ab", event_selector: [], advanced_event_selector: selectors,
  });
  const field = (f: string, equals: string[]) => ({ field: f, equals });
  it("passes when a selector takes all management events", () => {
    expect(verdict([trail([{ field_selector: [field("eventCategory", ["Management"])] }])], "CB-TRL-001")).toBe("pass");
  });
  it("fails when the selectors take only data events or only reads", () => {
    expect(verdict([trail([{ field_selector: [field("eventCategory", ["Data"]), field("resources.type", ["AWS::S3::Object"])] }])], "CB-TRL-001")).toBe("fail");
    expect(verdict([trail([{ field_selector: [field("eventCategory", ["Management"]), field("readOnly", ["true"])] }])], "CB-TRL-001")).toBe("fail");
  });
});

describe("CB-RDS-001 on Aurora", () => {
  const cluster = res("aws_rds_cluster.c", { cluster_identifier: "cb", id: "cb" });
  const member = (n: number, az: string) => res(`aws_rds_cluster_instance.m${n}`, { cluster_identifier: "cb", availability_zone: az });
  it("passes with instances in two zones and fails with one zone or one instance", () => {
    expect(verdict([cluster, member(1, "us-east-1a"), member(2, "us-east-1b")], "CB-RDS-001")).toBe("pass");
    expect(verdict([cluster, member(1, "us-east-1a"), member(2, "us-east-1a")], "CB-RDS-001")).toBe("fail");
    expect(verdict([cluster, member(1, "us-east-1a")], "CB-RDS-001")).toBe("fail");
  });
});

describe("CB-RDS-004 through the VPC's main route table", () => {
  const vpc = res("aws_vpc.v", { id: "vpc-1" });
  const subnet = res("aws_subnet.s", { id: "subnet-1", vpc_id: "vpc-1" });
  const group = res("aws_db_subnet_group.g", { name: "g", subnet_ids: ["subnet-1"] });
  const db = res("aws_db_instance.d", { publicly_accessible: false, db_subnet_group_name: "g" });
  const table = (gw: string) => res("aws_route_table.main", { id: "rtb-1", route: [{ cidr_block: "0.0.0.0/0", gateway_id: gw, nat_gateway_id: "" }] });
  const main = res("aws_main_route_table_association.m", { vpc_id: "vpc-1", route_table_id: "rtb-1" });
  it("a subnet with no association of its own uses the main table", () => {
    expect(verdict([db, group, subnet, vpc, main, table("igw-1")], "CB-RDS-004", "aws_db_instance.d")).toBe("fail");
    expect(verdict([db, group, subnet, vpc, main, table("local")], "CB-RDS-004", "aws_db_instance.d")).toBe("pass");
  });
  it("any route to an internet gateway makes a subnet public, not only the default route", () => {
    const partial = res("aws_route_table.main", { id: "rtb-1", route: [{ cidr_block: "203.0.113.0/24", gateway_id: "igw-1" }] });
    expect(verdict([db, group, subnet, vpc, main, partial], "CB-RDS-004", "aws_db_instance.d")).toBe("fail");
  });
});

describe("CB-LOG-002 on log buckets", () => {
  it("judges the bucket CloudFront writes its logs to", () => {
    const bucket = res("aws_s3_bucket.cflogs", { bucket: "cb-cf-logs", id: "cb-cf-logs", bucket_domain_name: "cb-cf-logs.s3.amazonaws.com" });
    const cdn = res("aws_cloudfront_distribution.d", { logging_config: [{ bucket: "cb-cf-logs.s3.amazonaws.com" }] });
    const lifecycle = (days: number) => res("aws_s3_bucket_lifecycle_configuration.l", { bucket: "cb-cf-logs", rule: [{ status: "Enabled", expiration: [{ days }] }] });
    expect(verdict([bucket, cdn, lifecycle(30)], "CB-LOG-002")).toBe("fail");
    expect(verdict([bucket, cdn, lifecycle(400)], "CB-LOG-002")).toBe("pass");
    expect(verdict([bucket, lifecycle(30)], "CB-LOG-002")).toBe("not_applicable");
  });
});

describe("defaults AWS chooses at apply", () => {
  it("are unknown in HCL when left out, as a plan says, and never count as set", () => {
    const written = { expressions: { engine: { literal: true } }, source: "hcl" as const };
    const db = res("aws_db_instance.d", { engine: "postgres", storage_encrypted: true }, written);
    expect(verdict([db], "CB-RDS-010")).toBe("unknown");
    expect(verdict([db], "CB-RDS-003")).toBe("fail");
  });
});
