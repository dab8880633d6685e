import { describe, expect, it } from "vitest";
import { REDACTED, type Inventory, type Resource } from "../src/model/resource.js";
import { loadHclDir, type VariableInput } from "../src/sources/hcl/index.js";

const FIX = "fixtures/hcl";
const load = (name: string, variables: VariableInput[] = []) => loadHclDir(`${FIX}/${name}`, { variables });

function get(inventory: Inventory, address: string): Resource {
  const r = inventory.resources.find((x) => x.address === address);
  if (!r) throw new Error(`no ${address} in ${inventory.resources.map((x) => x.address).join(", ")}`);
  return r;
}

describe("variables", () => {
  it("take defaults, terraform.tfvars, then *.auto.tfvars(.json) in name order", async () => {
    const inv = await load("variables");
    expect(get(inv, "aws_s3_bucket.b").values).toEqual({
      bucket: "default-tfvars",
      tags: { default: "default", tfvars: "tfvars", auto: "auto", auto_json: "auto-json", var_file: "tfvars", var: "tfvars" },
    });
  });

  it("let --var-file and --var win over the files read by default, the later one winning", async () => {
    const fileThenVar = await load("variables", [{ file: `${FIX}/variables/extra.tfvars` }, { assignment: "from_var=cli" }]);
    expect(get(fileThenVar, "aws_s3_bucket.b").values.tags).toMatchObject({ var_file: "var-file", var: "cli" });
    const varThenFile = await load("variables", [{ assignment: "from_var=cli" }, { file: `${FIX}/variables/extra.tfvars` }]);
    expect(get(varThenFile, "aws_s3_bucket.b").values.tags).toMatchObject({ var_file: "var-file", var: "var-file" });
  });

  it("convert to the declared type: tfvars \"30\" is the number 30, --var of a map is read as HCL", async () => {
    const inv = await load("variables", [{ assignment: "tags={ team = \"db\" }" }]);
    const g = get(inv, "aws_cloudwatch_log_group.g");
    expect(g.values.retention_in_days).toBe(30);
    expect(g.values.tags).toEqual({ team: "db" });
    expect(get(await load("variables", [{ assignment: "retention=14" }]), "aws_cloudwatch_log_group.g").values.retention_in_days).toBe(14);
  });

  it("fill optional object attributes with their defaults", async () => {
    const q = get(await load("variables"), "aws_sqs_queue.settings");
    expect(q.values).toEqual({ name: "x", tags: { json: '{"enabled":true,"name":"x","size":null}' } });
  });

  it("without any value are unknown, never guessed", async () => {
    const g = get(await load("variables"), "aws_cloudwatch_log_group.g");
    expect(g.values.name).toBeUndefined();
    expect([...g.unknown]).toEqual(["name"]);
    expect(g.expressions.name).toEqual({ references: ["var.no_value"], literal: false });
  });

  it("declared sensitive keep their value out: REDACTED, and the path is sensitive", async () => {
    const db = get(await load("variables"), "aws_db_instance.db");
    expect(db.values.password).toBe(REDACTED);
    expect(db.sensitive.has("password")).toBe(true);
    expect(JSON.stringify(db)).not.toContain("s3cret");
    expect(db.expressions.password).toEqual({ references: ["var.db_password"], literal: false });
  });
});

describe("modules", () => {
  it("are read recursively, with count and for_each addresses as Terraform names them", async () => {
    const inv = await load("modules");
    expect(inv.resources.map((r) => r.address).sort()).toEqual([
      "aws_cloudwatch_metric_alarm.vpc",
      "aws_kms_key.main",
      "aws_sns_topic.alerts",
      'module.replicas[0].aws_s3_bucket.b["only"]',
      'module.replicas[0].aws_s3_bucket_versioning.v["only"]',
      'module.replicas[0].module.encryption.aws_s3_bucket_server_side_encryption_configuration.this["only"]',
      'module.replicas[1].aws_s3_bucket.b["only"]',
      'module.replicas[1].aws_s3_bucket_versioning.v["only"]',
      'module.replicas[1].module.encryption.aws_s3_bucket_server_side_encryption_configuration.this["only"]',
      'module.storage.aws_s3_bucket.b["data"]',
      'module.storage.aws_s3_bucket.b["logs"]',
      'module.storage.aws_s3_bucket_versioning.v["data"]',
      'module.storage.aws_s3_bucket_versioning.v["logs"]',
      'module.storage.module.encryption.aws_s3_bucket_server_side_encryption_configuration.this["data"]',
      'module.storage.module.encryption.aws_s3_bucket_server_side_encryption_configuration.this["logs"]',
    ]);
    const b = get(inv, 'module.replicas[1].aws_s3_bucket.b["only"]');
    expect(b).toMatchObject({ type: "aws_s3_bucket", modulePath: "module.replicas[1]", baseAddress: "module.replicas[1].aws_s3_bucket.b", source: "hcl" });
    expect(b.values).toEqual({ bucket: "replica-1-only", tags: { short: "x" } });
  });

  it("pass inputs in (locals of the caller included) and outputs out", async () => {
    const inv = await load("modules");
    expect(get(inv, 'module.storage.aws_s3_bucket.b["logs"]').values).toEqual({ bucket: "acme-prod-logs", tags: { short: "log" } });
    // An output built with a for expression over the module's own resources.
    expect(get(inv, "aws_sns_topic.alerts").values.display_name).toBe("acme-prod-data");
  });

  it("resolve references to absolute base addresses through inputs and outputs, at any depth", async () => {
    const inv = await load("modules");
    expect(get(inv, "aws_sns_topic.alerts").expressions.kms_master_key_id).toEqual({ references: ["aws_kms_key.main"], literal: false });
    expect(get(inv, 'module.storage.module.encryption.aws_s3_bucket_server_side_encryption_configuration.this["logs"]').expressions)
      .toMatchObject({
        // each.value of a for_each built from the buckets: the bucket of the same key.
        bucket: { references: ["module.storage.aws_s3_bucket.b"], literal: false, perInstance: true },
        "rule.0.apply_server_side_encryption_by_default.0.kms_master_key_id": { references: ["aws_kms_key.main"], literal: false },
        "rule.0.apply_server_side_encryption_by_default.0.sse_algorithm": { references: [], literal: true },
      });
    expect(get(inv, 'module.replicas[0].aws_s3_bucket_versioning.v["only"]').expressions.bucket)
      .toEqual({ references: ["module.replicas[0].aws_s3_bucket.b"], literal: false, perInstance: true });
  });

  it("note a remote module as not scanned; what reads its outputs is unknown", async () => {
    const inv = await load("modules");
    expect(inv.notes).toEqual(["module.vpc (terraform-aws-modules/vpc/aws): remote module source, not scanned"]);
    const alarm = get(inv, "aws_cloudwatch_metric_alarm.vpc");
    expect([...alarm.unknown].sort()).toEqual(["alarm_actions", "alarm_name"]);
    expect(alarm.expressions.alarm_name).toEqual({ references: ["module.vpc.vpc_id"], literal: false });
    expect(alarm.expressions.alarm_actions).toEqual({ references: ["aws_sns_topic.alerts"], literal: false });
  });

  it("give the inventory the HCL scope and the directory as input", async () => {
    const inv = await load("modules");
    expect(inv).toMatchObject({ kind: "hcl", inputs: [`${FIX}/modules`], scopes: [{ address: "hcl", location: { file: `${FIX}/modules` } }] });
  });
});

describe("count, for_each and dynamic blocks", () => {
  it("expand static count and for_each, numbers and string keys; count = 0 gives nothing", async () => {
    const inv = await load("expand");
    expect(inv.resources.map((r) => r.address)).toEqual([
      "aws_subnet.private[0]",
      "aws_subnet.private[1]",
      "aws_route_table_association.private[0]",
      "aws_route_table_association.private[1]",
      'aws_s3_bucket.b["data"]',
      'aws_s3_bucket.b["logs"]',
      "aws_eip.per_zone",
      "aws_security_group.web",
      "aws_cloudwatch_log_group.summary",
    ]);
    expect(get(inv, "aws_subnet.private[1]").values).toEqual({ availability_zone: "us-east-1b", cidr_block: "10.0.11.0/24" });
    expect(get(inv, 'aws_s3_bucket.b["logs"]').values).toEqual({ bucket: "acme-logs" });
    expect(get(inv, "aws_route_table_association.private[1]").expressions.subnet_id)
      .toEqual({ references: ["aws_subnet.private"], literal: false, perInstance: true });
  });

  it("judge a resource whose count is not static as one instance, and say so", async () => {
    const inv = await load("expand");
    const eip = get(inv, "aws_eip.per_zone");
    expect(eip.values).toEqual({ domain: "vpc", tags: {} });
    expect([...eip.unknown]).toEqual(["tags.Name"]);
    expect(inv.notes).toEqual([
      "aws_eip.per_zone: count is not known statically; judged as one instance, and values that depend on count.index are unknown",
    ]);
  });

  it("expand dynamic blocks in place after static ones; an unknown for_each leaves the block type unknown", async () => {
    const sg = get(await load("expand"), "aws_security_group.web");
    expect(sg.values.ingress).toEqual([
      { description: "static", from_port: 80, to_port: 80, protocol: "tcp", cidr_blocks: ["10.0.0.0/8"] },
      { from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] },
      { from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: ["10.0.0.0/8"] },
    ]);
    expect(sg.values.egress).toBeUndefined();
    expect([...sg.unknown]).toEqual(["egress"]);
    expect(sg.expressions["ingress.2.from_port"]).toEqual({ references: ["var.rules"], literal: false });
    expect(sg.attributeLocations?.["ingress.2"]).toMatchObject({ startLine: 60, endLine: 68 });
    expect(sg.attributeLocations?.["ingress.2.cidr_blocks"]).toMatchObject({ startLine: 66, endLine: 66 });
  });

  it("evaluate splats, for expressions and collection functions", async () => {
    const summary = get(await load("expand"), "aws_cloudwatch_log_group.summary");
    expect(summary.values.name).toBe("us-east-1a,us-east-1b,US-EAST-1A,22,443");
  });
});

describe("values and unknowns", () => {
  it("render jsonencode() policies, with configured values of other resources known", async () => {
    const inv = await load("values");
    expect(JSON.parse(get(inv, "aws_iam_policy.admin").values.policy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
    });
    expect(get(inv, "aws_iam_policy.scoped").values.policy).toBe(
      '{"Statement":[{"Action":["s3:GetObject"],"Effect":"Allow","Resource":"arn:aws:s3:::acme-files/*"}],"Version":"2012-10-17"}',
    );
  });

  it("render aws_iam_policy_document, which the provider computes without calling AWS", async () => {
    const policy = get(await load("values"), "aws_iam_policy.from_document");
    expect(JSON.parse(policy.values.policy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Sid: "Everything", Effect: "Allow", Action: "*", Resource: "*" }],
    });
    expect(policy.expressions.policy).toEqual({ references: ["data.aws_iam_policy_document.admin"], literal: false });
  });

  it("leave unknown what depends on computed attributes, other data sources, time or unknown functions", async () => {
    const inv = await load("values");
    expect([...get(inv, "aws_iam_policy.after_apply").unknown]).toEqual(["policy"]);
    expect([...get(inv, "aws_kms_key.k").unknown].sort()).toEqual(["description", "policy"]);
    const topic = get(inv, "aws_sns_topic.t");
    expect([...topic.unknown].sort()).toEqual(["display_name", "kms_master_key_id", "name", "tags.Key"]);
    expect(topic.values).toEqual({ tags: { Project: "acme", Owner: "platform" } });
    expect(topic.expressions.kms_master_key_id).toEqual({ references: ["aws_kms_key.k"], literal: false });
    expect(topic.expressions.name).toEqual({ references: [], literal: false });
    expect(get(inv, "aws_kms_key.k").expressions.description).toEqual({ references: ["data.aws_caller_identity.me"], literal: false });
  });

  it("tell a literal password from one that is not, and never keep its value", async () => {
    const inv = await load("values", [{ assignment: "db_password=from-the-command-line" }]);
    const literal = get(inv, "aws_db_instance.literal");
    expect(literal.expressions.password).toEqual({ references: [], literal: true });
    expect(literal.values.password).toBe(REDACTED);
    expect(literal.sensitive.has("password")).toBe(true);
    const fromVar = get(inv, "aws_db_instance.from_var");
    expect(fromVar.expressions.password).toEqual({ references: ["var.db_password"], literal: false });
    expect(fromVar.values.password).toBe(REDACTED);
    const env = get(inv, "aws_lambda_function.f").values.environment as { variables: Record<string, unknown> }[];
    expect(env[0]!.variables).toEqual({ DB_PASSWORD: REDACTED, API_TOKEN: REDACTED, MODE: "prod" });
    const text = JSON.stringify(inv.resources.map((r) => r.values));
    for (const secret of ["hunter2", "hunter3", "from-the-command-line", "letmein", "abc123"]) expect(text).not.toContain(secret);
  });

  it("see a literal passed into a module as a literal, and carry sensitivity through outputs", async () => {
    const inv = await load("values", [{ assignment: "db_password=from-the-command-line" }]);
    expect(get(inv, "module.db_literal.aws_db_instance.this").expressions.password).toEqual({ references: [], literal: true });
    expect(get(inv, "module.db_var.aws_db_instance.this").expressions.password).toEqual({ references: ["var.db_password"], literal: false });
    const queue = get(inv, "aws_sqs_queue.named_after_a_secret");
    expect(queue.values.name).toBe(REDACTED);
    expect(queue.sensitive.has("name")).toBe(true);
  });

  it("evaluate the functions real modules use", async () => {
    const fns = get(await load("values"), "aws_cloudwatch_log_group.fns");
    expect(fns.values.name).toBe("/acme/007-logs");
    expect(fns.values.tags).toEqual({
      joined: "a-b",
      lookup: "platform",
      missing: "none",
      coalesce: "acme",
      tried: "fallback",
      max: "3",
      sorted: "a,b",
      cond: "many",
      replaced: "a_b_c",
      split: "y",
      element: 1,
      flat: 3,
      contains: "true",
      keys: "Owner,Project",
      cidr: "10.0.240.0/20",
      heredoc: "line acme\n  indented\n",
    });
    expect(fns.unknown.size).toBe(0);
  });
});

describe("cycles Terraform would refuse", () => {
  it("read as unknown, without looping or crashing", async () => {
    const inv = await load("cycles");
    expect(inv.resources.map((r) => r.address)).toEqual(["aws_s3_bucket.self", "aws_s3_bucket.counted", "module.m.aws_sqs_queue.q"]);
    expect([...get(inv, "aws_s3_bucket.self").unknown].sort()).toEqual(["bucket", "tags.A"]);
    expect(get(inv, "module.m.aws_sqs_queue.q").values).toEqual({ name: "x" });
    expect(inv.notes).toHaveLength(2);
  });
});

describe("provider regions", () => {
  it("come from the provider block, aliases, and providers passed into module calls", async () => {
    const inv = await load("providers");
    const regions = Object.fromEntries(inv.resources.map((r) => [r.address, r.region]));
    expect(regions).toEqual({
      "aws_s3_bucket.primary": "eu-west-1",
      "aws_s3_bucket.replica": "eu-central-1",
      "aws_s3_bucket.elsewhere": undefined,
      "module.passed.aws_s3_bucket.c": "eu-central-1",
      "module.inherited.aws_s3_bucket.c": "eu-west-1",
      "module.own.aws_s3_bucket.o": "ap-south-1",
    });
    expect(inv.regions).toEqual(["ap-south-1", "eu-central-1", "eu-west-1"]);
  });

  it("follow the root variable of the region", async () => {
    const inv = await load("providers", [{ assignment: "region=us-east-2" }]);
    expect(get(inv, "aws_s3_bucket.primary").region).toBe("us-east-2");
  });
});

describe("locations and waiver comments", () => {
  it("give every resource its file and line range, and every attribute and block its lines", async () => {
    const inv = await load("lines");
    const db = get(inv, "aws_db_instance.main");
    expect(db.location).toEqual({ file: `${FIX}/lines/main.tf`, startLine: 5, endLine: 14 });
    expect(db.attributeLocations?.multi_az).toEqual({ file: `${FIX}/lines/main.tf`, startLine: 8, endLine: 8 });
    expect(db.attributeLocations?.tags).toEqual({ file: `${FIX}/lines/main.tf`, startLine: 11, endLine: 13 });
    const pool = get(inv, "aws_cognito_user_pool.pool");
    expect(pool.attributeLocations?.["password_policy.0"]).toMatchObject({ startLine: 21, endLine: 24 });
    expect(pool.attributeLocations?.["password_policy.0.minimum_length"]).toMatchObject({ startLine: 22, endLine: 22 });
  });

  it("share the block's lines between count and for_each instances", async () => {
    const inv = await load("expand");
    expect(get(inv, "aws_subnet.private[0]").location).toEqual(get(inv, "aws_subnet.private[1]").location);
    expect(get(inv, "aws_subnet.private[1]").attributeLocations?.cidr_block).toMatchObject({ startLine: 22, endLine: 22 });
  });

  it("collect cbguard:waive comments above, on and inside the block, as written", async () => {
    const inv = await load("lines");
    const file = `${FIX}/lines/main.tf`;
    expect(get(inv, "aws_db_instance.main").waiverComments).toEqual([
      { text: 'CB-RDS-001 reason="single-AZ staging" until=2027-01-31', location: { file, startLine: 3, endLine: 3 } },
      { text: 'CB-RDS-002 reason="short backups" until=2027-02-28', location: { file, startLine: 4, endLine: 4 } },
      { text: 'CB-RDS-007 reason="small class" until=2027-03-31', location: { file, startLine: 5, endLine: 5 } },
      { text: 'CB-RDS-005 reason="no insights" until=2027-04-30', location: { file, startLine: 10, endLine: 10 } },
    ]);
    // The comment above the pool is separated by a blank line: not the pool's.
    expect(get(inv, "aws_cognito_user_pool.pool").waiverComments).toEqual([
      { text: 'CB-COG-002 reason="block comment" until=2027-05-31', location: { file, startLine: 26, endLine: 26 } },
    ]);
  });
});
