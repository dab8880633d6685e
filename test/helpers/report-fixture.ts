import type { Finding, RuleInfo, ScanResult } from "../../src/model/finding.js";
import type { ReportOptions } from "../../src/report/options.js";

/** Shared by the report-*.test.ts files: one scan exercising every case a formatter must handle. */

export const BASE_DIR = "/repo";
export const OPTIONS: ReportOptions = { toolVersion: "1.2.3", baseDir: BASE_DIR, cwd: BASE_DIR };

export const CRAFTED = 'aws_s3_bucket.b["x\\"<script>alert(1)</script>|y"]';
export const ARN = "arn:aws:rds:us-east-1:123456789012:db:prod";

export const RULES: RuleInfo[] = [
  rule("CB-RDS-001", "RDS instances must be Multi-AZ", "high", "Database"),
  rule("CB-S3-002", "S3 buckets block public access", "critical", "Storage"),
  rule("CB-LOG-003", "CloudTrail is on in every region", "medium", "Logging"),
  rule("CB-TAG-004", "Resources carry an owner tag", "low", "Operations"),
];

function rule(id: string, title: string, severity: RuleInfo["severity"], guideSection: string): RuleInfo {
  return {
    id,
    title,
    description: `${title}, as the deployment guide's ${guideSection} section requires.`,
    severity,
    guideSection,
    runbook: `docs/runbooks/${id}.md`,
  };
}

/** Keys name the cases the tests pick out. */
export function findings(): Record<string, Finding> {
  return {
    hclFail: {
      ruleId: "CB-RDS-001",
      verdict: "fail",
      resource: {
        address: "module.database.aws_db_instance.main",
        type: "aws_db_instance",
        location: { file: "terraform/modules/database/main.tf", startLine: 12, endLine: 30 },
      },
      message: "multi_az is false",
      attribute: "multi_az",
    },
    planPass: {
      ruleId: "CB-RDS-001",
      verdict: "pass",
      resource: {
        address: "module.replica.aws_db_instance.main",
        type: "aws_db_instance",
        location: { file: "plans/tfplan.json" },
      },
      message: "multi_az is true",
    },
    planUnknown: {
      ruleId: "CB-S3-002",
      verdict: "unknown",
      resource: { address: "aws_s3_bucket.assets", type: "aws_s3_bucket", location: { file: "plans/tfplan.json" } },
      message: "block_public_acls cannot be checked",
      reason: "the public access block's bucket is known only after apply",
    },
    crafted: {
      ruleId: "CB-S3-002",
      verdict: "fail",
      resource: {
        address: CRAFTED,
        type: "aws_s3_bucket",
        location: { file: `${BASE_DIR}/terraform/storage.tf`, startLine: 5, endLine: 9 },
      },
      message: "no public access block for <b>bucket</b> | see [here](http://evil)",
    },
    waived: {
      ruleId: "CB-LOG-003",
      verdict: "fail",
      resource: { address: "aws_cloudtrail.main", type: "aws_cloudtrail", location: { file: "terraform/logging.tf", startLine: 1 } },
      message: "is_multi_region_trail is false",
      waiver: { reason: "the organization trail covers it", until: "2027-01-31", owner: "platform-team", expired: false },
    },
    expired: {
      ruleId: "CB-TAG-004",
      verdict: "fail",
      resource: { address: "aws_instance.bastion", type: "aws_instance", location: { file: "terraform/bastion.tf", startLine: 3 } },
      message: "tag owner is missing",
      waiver: { reason: "legacy host", until: "2026-10-01", expired: true },
    },
    notApplicable: {
      ruleId: "CB-LOG-003",
      verdict: "not_applicable",
      resource: { address: "aws_cloudtrail.secondary", type: "aws_cloudtrail" },
      message: "not an organization trail",
      reason: "filter did not match",
    },
    live: {
      ruleId: "CB-RDS-001",
      verdict: "fail",
      resource: { address: ARN, type: "aws_db_instance", location: { arn: ARN, apiCall: "rds:DescribeDBInstances" } },
      message: "multi_az is false",
    },
    tagPass: {
      ruleId: "CB-TAG-004",
      verdict: "pass",
      resource: { address: "aws_s3_bucket.assets", type: "aws_s3_bucket", location: { file: "plans/tfplan.json" } },
      message: "tag owner is set",
    },
    outside: {
      ruleId: "CB-TAG-004",
      verdict: "fail",
      resource: { address: "aws_instance.outside", type: "aws_instance", location: { file: "/elsewhere/other.tf", startLine: 3 } },
      message: "tag owner is missing",
    },
  };
}

export function scanResult(overrides: Partial<ScanResult> = {}): ScanResult {
  return {
    kind: "plan",
    startedAt: "2026-11-03T10:00:00.000Z",
    inputs: ["plans/tfplan.json"],
    resourceCount: 8,
    rules: RULES,
    findings: Object.values(findings()),
    ...overrides,
  };
}

export const TOTALS = { pass: 2, fail: 5, unknown: 1, not_applicable: 1, waived: 1 };
