import { describe, expect, it } from "vitest";
import { evaluate, type EvalContext } from "../src/engine/conditions.js";
import { FUNCTIONS } from "../src/engine/functions/index.js";
import { Relations } from "../src/engine/relations.js";
import type { Condition } from "../src/engine/rule.js";
import { REDACTED, type Resource } from "../src/model/resource.js";
import { res } from "./helpers/resource.js";

function ctx(resources: Resource[], params: Record<string, unknown> = {}): EvalContext {
  return { relations: new Relations(resources), params, defaults: { aws_db_instance: { multi_az: false } }, functions: FUNCTIONS, now: new Date() };
}
const judge = (c: Condition, r: Resource, all: Resource[] = [r], params = {}) => evaluate(c, { resource: r, prefix: "" }, ctx(all, params));

describe("attribute comparisons", () => {
  it("passes, fails and names the attribute", () => {
    const db = res("aws_db_instance.a", { backup_retention_period: 7 });
    const o = judge({ attr: "backup_retention_period", gte: 30 }, db);
    expect(o).toMatchObject({ result: "fail", attribute: "backup_retention_period" });
    expect(o.detail).toBe("backup_retention_period is 7; must be at least 30");
    expect(judge({ attr: "backup_retention_period", gte: 7 }, db).result).toBe("pass");
  });

  it("reads parameters", () => {
    const db = res("aws_db_instance.a", { instance_class: "db.r5.large" });
    expect(judge({ attr: "instance_class", equals: { param: "cls" } }, db, [db], { cls: "db.r5.large" }).result).toBe("pass");
    expect(judge({ attr: "instance_class", equals: { param: "cls" } }, db, [db], { cls: "db.t3.micro" }).result).toBe("fail");
  });

  it("an unknown value is unknown, never pass, for every operator", () => {
    const db = res("aws_db_instance.a", {}, { unknown: ["engine"] });
    for (const c of [{ attr: "engine", equals: "postgres" }, { attr: "engine", notEquals: "mysql" }, { attr: "engine", in: ["postgres"] }] as Condition[]) {
      expect(judge(c, db).result).toBe("unknown");
    }
    expect(judge({ not: { attr: "engine", equals: "x" } }, db).result).toBe("unknown");
  });

  it("an absent value fails a demand and passes a prohibition", () => {
    const sg = res("aws_db_instance.a", {});
    expect(judge({ attr: "publicly_accessible", notEquals: true }, sg).result).toBe("pass");
    expect(judge({ attr: "storage_encrypted", equals: true }, sg).detail).toBe("storage_encrypted is not set; must be true");
  });

  it("falls back to the provider default in one place", () => {
    const db = res("aws_db_instance.a", {});
    expect(judge({ attr: "multi_az", equals: true }, db).detail).toBe("multi_az is false; must be true");
  });

  it("compares strings and numbers the way plans and HCL write them", () => {
    const pg = res("aws_db_parameter_group.p", { parameter: [{ name: "rds.force_ssl", value: "1" }] });
    expect(judge({ some: { attr: "parameter", where: { attr: "name", equals: "rds.force_ssl" }, assert: { attr: "value", equals: 1 } } }, pg).result).toBe("pass");
  });

  it("treats a list as a subset for in and as disjoint for notIn", () => {
    const c = res("aws_s3_bucket_cors_configuration.c", { origins: ["https://classboard.app", "*"] });
    expect(judge({ attr: "origins", in: ["https://classboard.app"] }, c).result).toBe("fail");
    expect(judge({ attr: "origins", in: ["https://classboard.app", "*"] }, c).result).toBe("pass");
    expect(judge({ attr: "origins", notIn: ["*"] }, c).result).toBe("fail");
  });

  it("never shows a sensitive value and cannot compare it", () => {
    const db = res("aws_db_instance.a", { password: REDACTED }, { sensitive: ["password"] });
    const o = judge({ attr: "password", equals: "hunter2" }, db);
    expect(o.result).toBe("unknown");
    expect(o.detail).toContain("sensitive");
    expect(judge({ attr: "password", exists: true }, db).result).toBe("pass");
  });

  it("an unreadable value (live call denied) is unknown with the reason", () => {
    const b = res("aws_s3_bucket.b", {}, { unreadable: { "*": "AccessDenied on s3:GetEncryptionConfiguration" }, source: "aws" });
    const o = judge({ attr: "bucket", exists: true }, b);
    expect(o.result).toBe("unknown");
    expect(o.detail).toContain("AccessDenied");
  });
});

describe("exists on values known only after apply", () => {
  it("passes when configuration sets it from a reference", () => {
    const db = res("aws_db_instance.a", {}, { unknown: ["kms_key_id"], expressions: { kms_key_id: { references: ["aws_kms_key.k"] } } });
    expect(judge({ attr: "kms_key_id", exists: true }, db).result).toBe("pass");
    expect(judge({ attr: "kms_key_id", equals: "arn:x" }, db).result).toBe("unknown");
  });
  it("is unknown when the provider computes it", () => {
    const db = res("aws_db_instance.a", {}, { unknown: ["kms_key_id"] });
    expect(judge({ attr: "kms_key_id", exists: true }, db).result).toBe("unknown");
  });
  it("treats an empty string as unset", () => {
    expect(judge({ attr: "origin_access_control_id", exists: true }, res("aws_x.o", { origin_access_control_id: "" })).result).toBe("fail");
  });
});

describe("refersTo, literal and configured", () => {
  it("knows a gateway by reference or by id", () => {
    const viaRef = res("aws_route.r", {}, { unknown: ["gateway_id"], expressions: { gateway_id: { references: ["module.net.aws_internet_gateway.igw"] } } });
    expect(judge({ attr: "gateway_id", refersTo: "aws_internet_gateway" }, viaRef).result).toBe("pass");
    expect(judge({ attr: "gateway_id", refersTo: "aws_nat_gateway" }, viaRef).result).toBe("fail");
    expect(judge({ attr: "gateway_id", refersTo: "aws_internet_gateway" }, res("aws_route.r", { gateway_id: "igw-0abc" })).result).toBe("pass");
    expect(judge({ attr: "gateway_id", refersTo: "aws_internet_gateway" }, res("aws_route.r", {}, { unknown: ["gateway_id"] })).result).toBe("unknown");
  });
  it("tells a literal from a variable without reading either", () => {
    const lit = res("aws_db_instance.a", { password: REDACTED }, { expressions: { password: { literal: true } } });
    const fromVar = res("aws_db_instance.a", { password: REDACTED }, { expressions: { password: { references: ["var.db_password"] } } });
    expect(judge({ attr: "password", literal: false }, lit).result).toBe("fail");
    expect(judge({ attr: "password", literal: false }, fromVar).result).toBe("pass");
    expect(judge({ attr: "password", literal: false }, res("aws_db_instance.a", { password: REDACTED })).result).toBe("unknown");
  });
  it("tells a configured inline block from a computed one", () => {
    const computed = res("aws_s3_bucket.b", {}, { unknown: ["versioning"], expressions: { bucket: { literal: true } } });
    const inline = res("aws_s3_bucket.b", { versioning: [{ enabled: true }] }, { expressions: { "versioning.0.enabled": { literal: true } } });
    expect(judge({ attr: "versioning", configured: true }, computed).result).toBe("fail");
    expect(judge({ attr: "versioning", configured: true }, inline).result).toBe("pass");
  });
});

describe("lists", () => {
  const cf = res("aws_cloudfront_distribution.d", { ordered_cache_behavior: [{ viewer_protocol_policy: "https-only" }, { viewer_protocol_policy: "allow-all" }] });
  it("each fails on the first bad element, some passes on a good one", () => {
    const c = { attr: "ordered_cache_behavior", assert: { attr: "viewer_protocol_policy", equals: "https-only" } };
    const each = judge({ each: c }, cf);
    expect(each.result).toBe("fail");
    expect(each.detail).toContain("ordered_cache_behavior.1.viewer_protocol_policy");
    expect(judge({ some: c }, cf).result).toBe("pass");
  });
  it("each over an absent list passes, some fails", () => {
    const empty = res("aws_cloudfront_distribution.d", {});
    const c = { attr: "ordered_cache_behavior", assert: { attr: "viewer_protocol_policy", equals: "x" } };
    expect(judge({ each: c }, empty).result).toBe("pass");
    expect(judge({ some: c }, empty).result).toBe("fail");
  });
});

describe("related resources", () => {
  const versioning = { related: { type: "aws_s3_bucket_versioning", link: { theirs: "bucket", ours: ["id", "bucket"] }, assert: { attr: "versioning_configuration.0.status", equals: "Enabled" } } } as Condition;
  it("ties a split resource to its bucket by a configuration reference when ids wait for apply", () => {
    const bucket = res("module.storage.aws_s3_bucket.files", { bucket: "cb-files" }, { unknown: ["id"] });
    const v = res("module.storage.aws_s3_bucket_versioning.files", { versioning_configuration: [{ status: "Enabled" }] }, { unknown: ["bucket"], expressions: { bucket: { references: ["module.storage.aws_s3_bucket.files"] } } });
    const other = res("module.other.aws_s3_bucket.files", { bucket: "other" }, { unknown: ["id"] });
    expect(judge(versioning, bucket, [bucket, v, other]).result).toBe("pass");
    expect(judge(versioning, other, [bucket, v, other]).result).toBe("fail");
  });
  it("ties by equal values (live) and a known value outranks a reference", () => {
    const a = res("aws_s3_bucket.a", { bucket: "a", id: "a" });
    const b = res("aws_s3_bucket.b[1]", { bucket: "b", id: "b" });
    const v = res("aws_s3_bucket_versioning.v", { bucket: "a", versioning_configuration: [{ status: "Suspended" }] }, { expressions: { bucket: { references: ["aws_s3_bucket.b"] } } });
    expect(judge(versioning, a, [a, b, v]).detail).toContain("Suspended");
    expect(judge(versioning, b, [a, b, v]).detail).toContain("no aws_s3_bucket_versioning is tied");
  });
  it("follows our pointer to them, and is unknown when the pointer cannot be known", () => {
    const pg = res("aws_db_parameter_group.pg", { name: "cb-pg" });
    const cond = { related: { type: "aws_db_parameter_group", link: { ours: "parameter_group_name", theirs: ["name", "id"] } } } as Condition;
    expect(judge(cond, res("aws_db_instance.a", { parameter_group_name: "cb-pg" }), [pg]).result).toBe("pass");
    expect(judge(cond, res("aws_db_instance.a", { parameter_group_name: "default.postgres16" }), [pg]).result).toBe("fail");
    expect(judge(cond, res("aws_db_instance.a", {}, { unknown: ["parameter_group_name"] }), [pg]).result).toBe("unknown");
  });
});
