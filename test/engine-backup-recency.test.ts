import { describe, expect, it } from "vitest";
import { backupCompletedWithin } from "../src/engine/functions/backup-recency.js";
import { Relations } from "../src/engine/relations.js";
import type { Resource } from "../src/model/resource.js";

const NOW = Date.parse("2026-11-15T12:00:00Z");
// The scan's time, not the clock: a replay of old evidence is judged as of its own scan.
const ctx = { relations: new Relations([]), params: { backup_completed_within_hours: 26 }, defaults: {}, functions: {}, now: new Date(NOW) };
const args = { hours: { param: "backup_completed_within_hours" } };

function judge(values: Record<string, unknown>, unreadable?: Record<string, string>) {
  const resource: Resource = {
    address: "arn:aws:rds:us-east-1:123456789012:db:x", baseAddress: "arn:aws:rds:us-east-1:123456789012:db:x", modulePath: "", type: "aws_backup_protected_resource",
    values, unknown: new Set(), sensitive: new Set(), expressions: {}, source: "aws", ...(unreadable ? { unreadable } : {}),
  };
  return backupCompletedWithin({ resource, prefix: "" }, ctx, args);
}

describe("backupCompletedWithin", () => {
  it("passes up to the parameter's hours, and fails after", () => {
    expect(judge({ latest_completed_backup: "2026-11-14T10:00:00.000Z" })).toMatchObject({ result: "pass", attribute: "latest_completed_backup" });
    expect(judge({ latest_completed_backup: "2026-11-14T09:59:00.000Z" })).toMatchObject({
      result: "fail", detail: "its latest completed backup job finished 26.0 hours ago (2026-11-14T09:59:00.000Z), more than 26 hours",
    });
  });

  it("takes the window from the parameter", () => {
    const lenient = { ...ctx, params: { backup_completed_within_hours: 72 } };
    const resource = { address: "a", baseAddress: "a", modulePath: "", type: "t", values: { latest_completed_backup: "2026-11-13T12:00:00Z" }, unknown: new Set<string>(), sensitive: new Set<string>(), expressions: {}, source: "aws" as const };
    expect(backupCompletedWithin({ resource, prefix: "" }, lenient, args).result).toBe("pass");
    expect(judge({ latest_completed_backup: "2026-11-13T12:00:00Z" }).result).toBe("fail");
  });

  it("fails with no completed job, and is unknown when the jobs could not be read", () => {
    expect(judge({})).toMatchObject({ result: "fail", detail: "no backup job of it has completed" });
    expect(judge({}, { latest_completed_backup: "AccessDeniedException: the scan may not call backup:ListBackupJobs" })).toMatchObject({
      result: "unknown", detail: expect.stringContaining("backup:ListBackupJobs"),
    });
    expect(judge({ latest_completed_backup: "yesterday" }).result).toBe("unknown");
  });
});
