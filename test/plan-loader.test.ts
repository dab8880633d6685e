import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REDACTED, isRedacted, type Resource } from "../src/model/resource.js";
import { loadPlanFile, parsePlan } from "../src/sources/plan/index.js";
import { parseModulePath, parseResourceAddress, splitSteps, withModuleKeys } from "../src/sources/plan/address.js";
import { change, configResource, lit, mod, planJson, planned, ref, region } from "./helpers/plan-builder.js";

const tmp = mkdtempSync(join(tmpdir(), "cbguard-plan-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function byAddress(resources: Resource[]): Map<string, Resource> {
  return new Map(resources.map((r) => [r.address, r]));
}

function get(resources: Resource[], address: string): Resource {
  const r = resources.find((x) => x.address === address);
  if (!r) throw new Error(`no ${address} in ${resources.map((x) => x.address).join(", ")}`);
  return r;
}

describe("resources come from planned_values", () => {
  const text = planJson({
    root: mod(
      "",
      [
        planned("aws_s3_bucket.logs[0]", { bucket: "logs-0" }),
        planned("aws_s3_bucket.logs[1]", { bucket: "logs-1" }),
        planned("data.aws_caller_identity.me", { account_id: "123456789012" }),
      ],
      [
        mod("module.app", [planned("module.app.aws_sqs_queue.q", { name: "q" })], [
          mod('module.app.module.site["a.b"]', [planned('module.app.module.site["a.b"].aws_s3_bucket.b["x[1]"]', { bucket: "x" })]),
        ]),
        mod('module.db["main"]', [planned('module.db["main"].aws_db_instance.this', { engine: "postgres" })]),
      ],
    ),
    changes: [
      change("aws_s3_bucket.logs[0]", ["create"]),
      change("aws_s3_bucket.logs[1]", ["create"]),
      change("aws_s3_bucket.gone", ["delete"]),
      change("data.aws_caller_identity.me", ["read"]),
    ],
  });
  const inventory = parsePlan(text, "plan.json");
  const resources = byAddress(inventory.resources);

  it("counts managed resources at any module depth, not data sources or deletes", () => {
    expect([...resources.keys()].sort()).toEqual([
      "aws_s3_bucket.logs[0]",
      "aws_s3_bucket.logs[1]",
      "module.app.aws_sqs_queue.q",
      'module.app.module.site["a.b"].aws_s3_bucket.b["x[1]"]',
      'module.db["main"].aws_db_instance.this',
    ]);
  });

  it("gives type, module path and base address (instance key of the resource only)", () => {
    expect(resources.get("aws_s3_bucket.logs[1]")).toMatchObject({ type: "aws_s3_bucket", modulePath: "", baseAddress: "aws_s3_bucket.logs" });
    expect(resources.get("module.app.aws_sqs_queue.q")).toMatchObject({ type: "aws_sqs_queue", modulePath: "module.app", baseAddress: "module.app.aws_sqs_queue.q" });
    expect(resources.get('module.app.module.site["a.b"].aws_s3_bucket.b["x[1]"]')).toMatchObject({
      modulePath: 'module.app.module.site["a.b"]',
      baseAddress: 'module.app.module.site["a.b"].aws_s3_bucket.b',
    });
    expect(resources.get('module.db["main"].aws_db_instance.this')?.baseAddress).toBe('module.db["main"].aws_db_instance.this');
  });

  it("keeps planned values as the plan has them, nested blocks as arrays of objects", () => {
    const values = { bucket: "b", versioning: [{ enabled: true, mfa_delete: false }], tags: { env: "prod" } };
    const inv = parsePlan(planJson({ root: mod("", [planned("aws_s3_bucket.b", values)]) }), "p.json");
    expect(inv.resources[0]!.values).toEqual(values);
  });

  it("returns a plan inventory with the file as input, location and scope", () => {
    expect(inventory).toMatchObject({ kind: "plan", inputs: ["plan.json"], scopes: [{ address: "plan", location: { file: "plan.json" } }] });
    for (const r of inventory.resources) {
      expect(r.source).toBe("plan");
      expect(r.location).toEqual({ file: "plan.json" });
      expect(r.account).toBeUndefined();
    }
  });

  it("does not need resource_changes or configuration for a resource", () => {
    const r = resources.get("module.app.aws_sqs_queue.q")!;
    expect(r.unknown.size).toBe(0);
    expect(r.expressions).toEqual({});
    expect(r.region).toBeUndefined();
  });

  it("falls back to the changes' after values when a plan has no planned_values", () => {
    const text = JSON.stringify({
      format_version: "1.2",
      resource_changes: [
        change("module.a.aws_s3_bucket.b", ["create"], { after: { bucket: "b" }, after_unknown: { arn: true } }),
        change("aws_s3_bucket.old", ["delete"], { after: null }),
      ],
    });
    const inv = parsePlan(text, "p.json");
    expect(inv.resources.map((r) => [r.address, r.modulePath, r.values, [...r.unknown]])).toEqual([
      ["module.a.aws_s3_bucket.b", "module.a", { bucket: "b" }, ["arn"]],
    ]);
  });
});

describe("unknown paths from after_unknown", () => {
  const text = planJson({
    root: mod("", [planned("aws_s3_bucket_replication_configuration.r", { role: "arn:aws:iam::1:role/r", rule: [{ id: "all", destination: [{ storage_class: "STANDARD" }] }] })]),
    changes: [
      change("aws_s3_bucket_replication_configuration.r", ["create"], {
        after_unknown: {
          id: true,
          bucket: true,
          rule: [{ destination: [{ bucket: true, metrics: [] }], filter: [] }],
          cors_rule: true,
          tags_all: {},
          managed_policy_arns: [false, true],
          role: false,
        },
      }),
    ],
  });
  const r = parsePlan(text, "p.json").resources[0]!;

  it("flattens true leaves to dotted paths with block indexes", () => {
    expect([...r.unknown].sort()).toEqual(["bucket", "cors_rule", "id", "managed_policy_arns.1", "rule.0.destination.0.bucket"]);
  });

  it("shares one set between resources with the same unknown paths", () => {
    const two = parsePlan(
      planJson({
        root: mod("", [planned("aws_kms_key.a"), planned("aws_kms_key.b")]),
        changes: [change("aws_kms_key.a", ["create"], { after_unknown: { arn: true, id: true } }), change("aws_kms_key.b", ["create"], { after_unknown: { arn: true, id: true } })],
      }),
      "p.json",
    ).resources;
    expect(two[0]!.unknown).toBe(two[1]!.unknown);
  });
});

describe("sensitive values are redacted", () => {
  const SECRET = "Hunter2-S3cr3t-Value";
  const text = planJson({
    variables: { db_password: { value: SECRET } },
    root: mod("", [
      planned("aws_db_instance.db", { engine: "postgres", password: SECRET, username: "admin", master_user_secret: [] }, { sensitive_values: { password: true, master_user_secret: [] } }),
      planned("aws_lambda_function.f", { function_name: "f", environment: [{ variables: { API_TOKEN: SECRET, STAGE: "prod" } }] }),
      planned("aws_ssm_parameter.p", { name: "/p", value: SECRET, insecure_value: null }),
      planned("aws_elasticache_replication_group.r", { auth_token: null, replication_group_id: "r" }),
    ]),
    changes: [
      change("aws_db_instance.db", ["create"], { after: { password: SECRET }, after_sensitive: { password: true } }),
      change("aws_lambda_function.f", ["create"], { after_sensitive: { environment: [{ variables: { API_TOKEN: true } }] } }),
      change("aws_ssm_parameter.p", ["update"], { before: { value: SECRET }, before_sensitive: { value: true }, after_sensitive: { value: true } }),
      change("aws_elasticache_replication_group.r", ["create"], { after_sensitive: { auth_token: true } }),
    ],
    configuration: {
      root_module: {
        resources: [configResource("aws_db_instance.db", { password: ref("var.db_password"), username: lit("admin") })],
        variables: { db_password: { sensitive: true } },
      },
    },
  });
  const inventory = parsePlan(text, "secret.json");
  const resources = byAddress(inventory.resources);

  it("appears nowhere in the serialised inventory", () => {
    expect(text).toContain(SECRET);
    expect(JSON.stringify(inventory)).not.toContain(SECRET);
    expect(JSON.stringify(inventory)).not.toContain("Hunter2");
  });

  it("leaves the key set, with REDACTED in place of the value", () => {
    const db = resources.get("aws_db_instance.db")!;
    expect(isRedacted(db.values.password)).toBe(true);
    expect(db.values.username).toBe("admin");
    expect(db.sensitive).toEqual(new Set(["password"]));
    const env = (resources.get("aws_lambda_function.f")!.values.environment as { variables: Record<string, unknown> }[])[0]!.variables;
    expect(env).toEqual({ API_TOKEN: REDACTED, STAGE: "prod" });
    expect(resources.get("aws_lambda_function.f")!.sensitive).toEqual(new Set(["environment.0.variables.API_TOKEN"]));
  });

  it("keeps an unset sensitive value null, still marked sensitive", () => {
    const r = resources.get("aws_elasticache_replication_group.r")!;
    expect(r.values.auth_token).toBeNull();
    expect(r.sensitive.has("auth_token")).toBe(true);
  });

  it("records how configuration wrote it, never its value", () => {
    const db = resources.get("aws_db_instance.db")!;
    expect(db.expressions.password).toEqual({ references: ["var.db_password"], literal: false });
    expect(db.expressions.username).toEqual({ references: [], literal: true });
    expect(Object.keys(db.expressions.username!).sort()).toEqual(["literal", "references"]);
  });

  it("redacts password-like values in plans older than sensitivity marks (Terraform < 0.15)", () => {
    const old = JSON.stringify({
      format_version: "0.1",
      terraform_version: "0.12.31",
      planned_values: {
        root_module: {
          resources: [
            { address: "aws_db_instance.db", mode: "managed", type: "aws_db_instance", name: "db", values: { password: SECRET, master_username: "admin", manage_master_user_password: null } },
            { address: "aws_rds_cluster.c", mode: "managed", type: "aws_rds_cluster", name: "c", values: { master_password: SECRET } },
            { address: "aws_ssm_parameter.p", mode: "managed", type: "aws_ssm_parameter", name: "p", values: { type: "SecureString", value: SECRET } },
            { address: "aws_iam_access_key.k", mode: "managed", type: "aws_iam_access_key", name: "k", values: { user: "ci", secret: SECRET } },
            {
              address: "aws_instance.i", mode: "managed", type: "aws_instance", name: "i",
              values: { metadata_options: [{ http_tokens: "required", http_endpoint: "enabled" }], user_data: "echo" },
            },
            { address: "aws_secretsmanager_secret_rotation.r", mode: "managed", type: "aws_secretsmanager_secret_rotation", name: "r", values: { secret_id: "arn:aws:secretsmanager:us-east-1:1:secret:x" } },
          ],
        },
      },
      resource_changes: [],
    });
    const inv = parsePlan(old, "old.json");
    expect(JSON.stringify(inv)).not.toContain(SECRET);
    const r = byAddress(inv.resources);
    expect(isRedacted(r.get("aws_db_instance.db")!.values.password)).toBe(true);
    expect(r.get("aws_db_instance.db")!.sensitive).toEqual(new Set(["password"]));
    expect(r.get("aws_rds_cluster.c")!.sensitive).toEqual(new Set(["master_password"]));
    expect(r.get("aws_ssm_parameter.p")!.sensitive).toEqual(new Set(["value"]));
    expect(r.get("aws_iam_access_key.k")!.sensitive).toEqual(new Set(["secret"]));
    // What rules read stays readable: IMDSv2's http_tokens, a secret's ARN.
    expect(r.get("aws_instance.i")!.values.metadata_options).toEqual([{ http_tokens: "required", http_endpoint: "enabled" }]);
    expect(r.get("aws_secretsmanager_secret_rotation.r")!.values.secret_id).toMatch(/^arn:/);
  });
});

describe("expressions from configuration", () => {
  // Root → module.app (var.key_arn from module.kms's output) → module.app.module.bucket (var.kms from var.key_arn).
  const configuration = {
    provider_config: { aws: region("us-east-1") },
    root_module: {
      resources: [
        configResource("aws_s3_bucket.logs", { bucket: lit("logs"), count: lit(2) }, "aws", { count_expression: lit(2) }),
        configResource("aws_s3_bucket_versioning.logs", {
          bucket: ref("aws_s3_bucket.logs[0].id", "aws_s3_bucket.logs[0]", "aws_s3_bucket.logs"),
          versioning_configuration: [{ status: lit("Enabled") }],
        }),
        configResource("aws_cloudwatch_log_group.app", {
          kms_key_id: ref("module.kms.key_arn", "module.kms"),
          name: ref("local.log_name"),
          retention_in_days: ref("var.retention"),
          tags: {},
        }),
        configResource("aws_iam_role_policy.p", { policy: ref("data.aws_iam_policy_document.p.json", "data.aws_iam_policy_document.p"), role: ref("module.kms") }),
      ],
      module_calls: {
        kms: {
          source: "./kms",
          module: {
            outputs: { key_arn: { expression: ref("aws_kms_key.k.arn", "aws_kms_key.k") }, alias: { expression: ref("module.alias.name", "module.alias") } },
            resources: [configResource("aws_kms_key.k", { enable_key_rotation: lit(true), timeouts: { create: lit("10m") } })],
            module_calls: {
              alias: {
                source: "./alias",
                expressions: { key_id: ref("aws_kms_key.k.key_id", "aws_kms_key.k") },
                module: {
                  outputs: { name: { expression: ref("aws_kms_alias.a.name", "aws_kms_alias.a") } },
                  resources: [configResource("aws_kms_alias.a", { target_key_id: ref("var.key_id") })],
                  variables: { key_id: {} },
                },
              },
            },
          },
        },
        app: {
          source: "./app",
          expressions: { key_arn: ref("module.kms.key_arn", "module.kms"), name: lit("app"), stage: ref("var.stage"), suffix: ref("count.index") },
          module: {
            resources: [
              configResource("aws_s3_bucket.b", { bucket: ref("var.name") }),
              configResource("aws_s3_bucket_server_side_encryption_configuration.b", {
                bucket: ref("aws_s3_bucket.b.id", "aws_s3_bucket.b"),
                rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: ref("var.key_arn"), sse_algorithm: lit("aws:kms") }] }],
              }),
              configResource("aws_sqs_queue.q", { name: ref("var.stage"), tags: ref("var.suffix"), delay_seconds: ref("var.not_passed") }),
            ],
            module_calls: {
              bucket: {
                source: "./bucket",
                expressions: { kms: ref("var.key_arn"), peer: ref("aws_s3_bucket.b") },
                module: {
                  resources: [
                    configResource("aws_s3_bucket_logging.l", { bucket: ref("var.peer"), target_bucket: ref("aws_s3_bucket.t.id", "aws_s3_bucket.t") }),
                    configResource("aws_s3_bucket.t", { bucket: lit("t") }),
                    configResource("aws_kms_alias.a", { target_key_id: ref("var.kms") }),
                  ],
                  variables: { kms: {}, peer: {} },
                },
              },
            },
            variables: { key_arn: {}, name: {}, stage: {}, suffix: {}, not_passed: { default: 1 } },
          },
        },
      },
      variables: { retention: { default: 30 }, stage: {} },
    },
  };
  const text = planJson({
    root: mod(
      "",
      [
        planned("aws_s3_bucket.logs[0]"),
        planned("aws_s3_bucket.logs[1]"),
        planned("aws_s3_bucket_versioning.logs"),
        planned("aws_cloudwatch_log_group.app"),
        planned("aws_iam_role_policy.p"),
      ],
      [
        mod("module.kms", [planned("module.kms.aws_kms_key.k")], [mod("module.kms.module.alias", [planned("module.kms.module.alias.aws_kms_alias.a")])]),
        mod("module.app", [planned("module.app.aws_s3_bucket.b"), planned("module.app.aws_s3_bucket_server_side_encryption_configuration.b"), planned("module.app.aws_sqs_queue.q")], [
          mod("module.app.module.bucket", [
            planned("module.app.module.bucket.aws_s3_bucket_logging.l"),
            planned("module.app.module.bucket.aws_s3_bucket.t"),
            planned("module.app.module.bucket.aws_kms_alias.a"),
          ]),
        ]),
      ],
    ),
    configuration,
  });
  const resources = parsePlan(text, "p.json").resources;
  const e = (address: string) => get(resources, address).expressions;

  it("records every attribute, nested blocks indexed like the values, single blocks as maps", () => {
    expect(e("aws_s3_bucket_versioning.logs")).toEqual({
      bucket: { references: ["aws_s3_bucket.logs"], literal: false },
      "versioning_configuration.0.status": { references: [], literal: true },
    });
    expect(Object.keys(e("module.app.aws_s3_bucket_server_side_encryption_configuration.b")).sort()).toEqual([
      "bucket",
      "rule.0.apply_server_side_encryption_by_default.0.kms_master_key_id",
      "rule.0.apply_server_side_encryption_by_default.0.sse_algorithm",
    ]);
    expect(e("module.kms.aws_kms_key.k")["timeouts.create"]).toEqual({ references: [], literal: true });
    expect(e("aws_cloudwatch_log_group.app").tags).toEqual({ references: [], literal: false });
  });

  it("resolves a reference inside a module to the absolute base address", () => {
    expect(e("module.app.aws_s3_bucket_server_side_encryption_configuration.b").bucket!.references).toEqual(["module.app.aws_s3_bucket.b"]);
    expect(e("module.app.module.bucket.aws_s3_bucket_logging.l").target_bucket!.references).toEqual(["module.app.module.bucket.aws_s3_bucket.t"]);
  });

  it("follows a module output to the resources it exposes", () => {
    expect(e("aws_cloudwatch_log_group.app").kms_key_id!.references).toEqual(["module.kms.aws_kms_key.k"]);
  });

  it("follows var. up through the module calls, several levels", () => {
    expect(e("module.app.aws_s3_bucket_server_side_encryption_configuration.b")["rule.0.apply_server_side_encryption_by_default.0.kms_master_key_id"]).toEqual({
      references: ["module.kms.aws_kms_key.k"],
      literal: false,
    });
    expect(e("module.app.module.bucket.aws_kms_alias.a").target_key_id!.references).toEqual(["module.kms.aws_kms_key.k"]);
    expect(e("module.app.module.bucket.aws_s3_bucket_logging.l").bucket!.references).toEqual(["module.app.aws_s3_bucket.b"]);
    expect(e("module.kms.module.alias.aws_kms_alias.a").target_key_id!.references).toEqual(["module.kms.aws_kms_key.k"]);
  });

  it("a whole module passed on stands for what all its outputs refer to", () => {
    expect([...e("aws_iam_role_policy.p").role!.references].sort()).toEqual(["module.kms.aws_kms_key.k", "module.kms.module.alias.aws_kms_alias.a"]);
  });

  it("keeps data sources, locals and unresolved variables", () => {
    expect(e("aws_iam_role_policy.p").policy!.references).toEqual(["data.aws_iam_policy_document.p"]);
    expect(e("aws_cloudwatch_log_group.app").name!.references).toEqual(["local.log_name"]);
    expect(e("aws_cloudwatch_log_group.app").retention_in_days!.references).toEqual(["var.retention"]);
    // var.stage comes from a root variable; var.suffix from count.index; var.not_passed from its default.
    expect(e("module.app.aws_sqs_queue.q")).toEqual({
      name: { references: ["var.stage"], literal: false },
      tags: { references: ["var.suffix"], literal: false },
      delay_seconds: { references: ["var.not_passed"], literal: false },
    });
  });

  it("a variable the caller set to a literal is a literal", () => {
    expect(e("module.app.aws_s3_bucket.b").bucket).toEqual({ references: [], literal: true });
  });

  it("count instances share one expressions map", () => {
    expect(e("aws_s3_bucket.logs[0]")).toBe(e("aws_s3_bucket.logs[1]"));
    expect(Object.isFrozen(e("aws_s3_bucket.logs[0]"))).toBe(true);
  });
});

describe("parts repeated byte for byte are read once, used apart", () => {
  // Two calls of one module: the same configuration text, each resolved in its own module.
  const body = {
    outputs: { id: { expression: ref("aws_s3_bucket.b.id", "aws_s3_bucket.b") } },
    resources: [
      configResource("aws_s3_bucket.b", { bucket: ref("var.name") }),
      configResource("aws_s3_bucket_versioning.v", { bucket: ref("aws_s3_bucket.b.id", "aws_s3_bucket.b"), versioning_configuration: [{ status: lit("Enabled") }] }),
    ],
    variables: { name: {} },
  };
  const SECRET = "Same-Secret-Twice";
  const bucket = (m: string) => [
    planned(`${m}.aws_s3_bucket.b`, { bucket: m, tags: { api_key: SECRET } }, { sensitive_values: { tags: {} } }),
    planned(`${m}.aws_s3_bucket_versioning.v`, { bucket: m, token: SECRET }, { sensitive_values: { token: true } }),
  ];
  const text = planJson({
    root: mod("", [], [mod("module.a", bucket("module.a")), mod("module.b", bucket("module.b"))]),
    changes: ["module.a", "module.b"].flatMap((m) => [
      change(`${m}.aws_s3_bucket.b`, ["create"], { after_unknown: { arn: true, id: true } }),
      change(`${m}.aws_s3_bucket_versioning.v`, ["create"], { after_unknown: { id: true } }),
    ]),
    configuration: {
      root_module: {
        module_calls: {
          a: { source: "./bucket", expressions: { name: lit("a") }, module: body },
          b: { source: "./bucket", expressions: { name: ref("var.b_name") }, module: body },
        },
        variables: { b_name: {} },
      },
    },
  });
  const resources = parsePlan(text, "twice.json").resources;

  it("resolves each module's references in that module", () => {
    expect(get(resources, "module.a.aws_s3_bucket_versioning.v").expressions.bucket).toEqual({ references: ["module.a.aws_s3_bucket.b"], literal: false });
    expect(get(resources, "module.b.aws_s3_bucket_versioning.v").expressions.bucket).toEqual({ references: ["module.b.aws_s3_bucket.b"], literal: false });
    // The same `var.name`: a literal passed to one call, a reference to the other.
    expect(get(resources, "module.a.aws_s3_bucket.b").expressions.bucket).toEqual({ references: [], literal: true });
    expect(get(resources, "module.b.aws_s3_bucket.b").expressions.bucket).toEqual({ references: ["var.b_name"], literal: false });
  });

  it("redacts each resource's own values, and shares the marks", () => {
    expect(JSON.stringify(resources)).not.toContain(SECRET);
    const [a, b] = ["module.a", "module.b"].map((m) => get(resources, `${m}.aws_s3_bucket_versioning.v`));
    expect(a!.values).toEqual({ bucket: "module.a", token: REDACTED });
    expect(b!.values).toEqual({ bucket: "module.b", token: REDACTED });
    expect(a!.values).not.toBe(b!.values);
    expect(a!.sensitive).toEqual(new Set(["token"]));
    expect(get(resources, "module.b.aws_s3_bucket.b").values.tags).toEqual({ api_key: REDACTED });
    expect(get(resources, "module.a.aws_s3_bucket.b").unknown).toBe(get(resources, "module.b.aws_s3_bucket.b").unknown);
    expect(a!.unknown).toEqual(new Set(["id"]));
  });
});

describe("references inside count / for_each modules", () => {
  const text = planJson({
    root: mod("", [planned("aws_kms_key.k")], [
      mod('module.site["a"]', [planned('module.site["a"].aws_s3_bucket.b'), planned('module.site["a"].aws_s3_bucket_versioning.v')]),
      mod('module.site["b"]', [planned('module.site["b"].aws_s3_bucket.b'), planned('module.site["b"].aws_s3_bucket_versioning.v')]),
      mod("module.many[0]", [planned("module.many[0].aws_sqs_queue.q")], [mod("module.many[0].module.inner", [planned("module.many[0].module.inner.aws_sqs_queue.q")])]),
    ]),
    configuration: {
      root_module: {
        resources: [configResource("aws_kms_key.k")],
        module_calls: {
          site: {
            source: "./site",
            for_each_expression: ref("var.sites"),
            expressions: { key: ref("aws_kms_key.k.arn", "aws_kms_key.k") },
            module: {
              resources: [
                configResource("aws_s3_bucket.b", { bucket: ref("each.key") }),
                configResource("aws_s3_bucket_versioning.v", { bucket: ref("aws_s3_bucket.b.id", "aws_s3_bucket.b"), kms: ref("var.key") }),
              ],
            },
          },
          many: {
            source: "./many",
            count_expression: lit(1),
            module: {
              resources: [configResource("aws_sqs_queue.q")],
              module_calls: {
                inner: {
                  source: "./inner",
                  expressions: { peer: ref("aws_sqs_queue.q.arn", "aws_sqs_queue.q") },
                  module: { resources: [configResource("aws_sqs_queue.q", { policy: ref("var.peer") })] },
                },
              },
            },
          },
        },
      },
    },
  });
  const resources = parsePlan(text, "p.json").resources;

  it("lists the reference with this instance's module keys first, then without keys", () => {
    expect(get(resources, 'module.site["a"].aws_s3_bucket_versioning.v').expressions.bucket!.references).toEqual([
      'module.site["a"].aws_s3_bucket.b',
      "module.site.aws_s3_bucket.b",
    ]);
    expect(get(resources, 'module.site["b"].aws_s3_bucket_versioning.v').expressions.bucket!.references).toEqual([
      'module.site["b"].aws_s3_bucket.b',
      "module.site.aws_s3_bucket.b",
    ]);
    expect(get(resources, "module.many[0].module.inner.aws_sqs_queue.q").expressions.policy!.references).toEqual([
      "module.many[0].aws_sqs_queue.q",
      "module.many.aws_sqs_queue.q",
    ]);
  });

  it("leaves references outside the keyed module as they are", () => {
    expect(get(resources, 'module.site["a"].aws_s3_bucket_versioning.v').expressions.kms!.references).toEqual(["aws_kms_key.k"]);
  });

  it("the keyed reference is the target's base address", () => {
    const bucket = get(resources, 'module.site["a"].aws_s3_bucket.b');
    expect(get(resources, 'module.site["a"].aws_s3_bucket_versioning.v').expressions.bucket!.references[0]).toBe(bucket.baseAddress);
  });
});

describe("addresses", () => {
  it("splits steps without breaking quoted keys", () => {
    expect(splitSteps('module.a["x.y]z"].aws_s3_bucket.b[0].id')).toEqual([
      { name: "module", key: "" },
      { name: "a", key: '["x.y]z"]' },
      { name: "aws_s3_bucket", key: "" },
      { name: "b", key: "[0]" },
      { name: "id", key: "" },
    ]);
  });

  it("parses resource addresses, data sources included", () => {
    expect(parseResourceAddress('module.a["k"].module.b[2].data.aws_iam_policy_document.p["x"]')).toEqual({
      module: 'module.a["k"].module.b[2]',
      mode: "data",
      type: "aws_iam_policy_document",
      name: "p",
      base: 'module.a["k"].module.b[2].data.aws_iam_policy_document.p',
    });
    expect(parseResourceAddress("aws_s3_bucket.b")?.base).toBe("aws_s3_bucket.b");
    expect(parseResourceAddress("module.only")).toBeUndefined();
  });

  it("puts a module instance's keys back into references, as deep as they match", () => {
    const path = parseModulePath('module.a["x"].module.b[0]');
    expect(path).toMatchObject({ names: ["a", "b"], keys: ['["x"]', "[0]"], keyless: "module.a.module.b", hasKeys: true });
    expect(withModuleKeys("module.a.module.b.aws_sqs_queue.q", path)).toBe('module.a["x"].module.b[0].aws_sqs_queue.q');
    expect(withModuleKeys("module.a.aws_kms_key.k", path)).toBe('module.a["x"].aws_kms_key.k');
    expect(withModuleKeys("module.a.module.c.aws_sqs_queue.q", path)).toBe('module.a["x"].module.c.aws_sqs_queue.q');
    expect(withModuleKeys("module.ab.aws_kms_key.k", path)).toBe("module.ab.aws_kms_key.k");
    expect(withModuleKeys("aws_kms_key.k", path)).toBe("aws_kms_key.k");
  });
});

describe("region from provider_config", () => {
  it("takes a constant, a root variable, an aliased provider passed to a module", () => {
    const text = planJson({
      variables: { region: { value: "eu-central-1" } },
      root: mod("", [planned("aws_s3_bucket.main")], [mod("module.storage", [planned("module.storage.aws_s3_bucket.main"), planned("module.storage.aws_s3_bucket.replica")])]),
      configuration: {
        provider_config: { aws: region(ref("var.region")), "aws.replica": { ...region("us-west-2"), alias: "replica" } },
        root_module: {
          resources: [configResource("aws_s3_bucket.main")],
          module_calls: {
            storage: {
              source: "./storage",
              module: { resources: [configResource("aws_s3_bucket.main", {}, "aws"), configResource("aws_s3_bucket.replica", {}, "aws.replica")] },
            },
          },
          variables: { region: { default: "us-east-1" } },
        },
      },
    });
    const inv = parsePlan(text, "p.json");
    const r = byAddress(inv.resources);
    expect(r.get("aws_s3_bucket.main")!.region).toBe("eu-central-1");
    expect(r.get("module.storage.aws_s3_bucket.main")!.region).toBe("eu-central-1");
    expect(r.get("module.storage.aws_s3_bucket.replica")!.region).toBe("us-west-2");
    expect(inv.regions).toEqual(["eu-central-1", "us-west-2"]);
  });

  it("follows a module's own provider block whose region is a variable of the module call", () => {
    const text = planJson({
      variables: { legacy_region: { value: "ap-south-1" } },
      root: mod("", [], [mod("module.legacy", [planned("module.legacy.aws_sqs_queue.q")], [mod("module.legacy.module.inner", [planned("module.legacy.module.inner.aws_s3_bucket.p")])])]),
      configuration: {
        provider_config: { aws: region("eu-west-1"), "module.legacy:aws": { ...region(ref("var.region")), module_address: "module.legacy" } },
        root_module: {
          module_calls: {
            legacy: {
              source: "./legacy",
              expressions: { region: ref("var.legacy_region") },
              module: {
                resources: [configResource("aws_sqs_queue.q", {}, "module.legacy:aws")],
                module_calls: { inner: { source: "./inner", module: { resources: [configResource("aws_s3_bucket.p", {}, "module.legacy:aws")] } } },
                variables: { region: {} },
              },
            },
          },
        },
      },
    });
    const r = byAddress(parsePlan(text, "p.json").resources);
    expect(r.get("module.legacy.aws_sqs_queue.q")!.region).toBe("ap-south-1");
    expect(r.get("module.legacy.module.inner.aws_s3_bucket.p")!.region).toBe("ap-south-1");
  });

  it("inherits the parent's provider for old keys: 0.12 'name:aws', 0.13–1.0 empty 'module.x:aws'", () => {
    const text = JSON.stringify({
      format_version: "0.1",
      planned_values: {
        root_module: {
          child_modules: [
            { address: "module.ec2", resources: [planned("module.ec2.aws_instance.a")], child_modules: [{ address: "module.ec2.module.ebs", resources: [planned("module.ec2.module.ebs.aws_ebs_volume.v")] }] },
            { address: "module.s3", resources: [planned("module.s3.aws_s3_bucket.b")] },
          ],
        },
      },
      resource_changes: [],
      configuration: {
        provider_config: { aws: region("eu-west-1"), "module.s3:aws": { name: "aws", module_address: "module.s3" } },
        root_module: {
          module_calls: {
            ec2: {
              source: "./ec2",
              module: {
                resources: [configResource("aws_instance.a", {}, "ec2:aws")],
                module_calls: { ebs: { source: "./ebs", module: { resources: [configResource("aws_ebs_volume.v", {}, "ebs:aws")] } } },
              },
            },
            s3: { source: "./s3", module: { resources: [configResource("aws_s3_bucket.b", {}, "s3:aws")] } },
          },
        },
      },
    });
    const r = byAddress(parsePlan(text, "p.json").resources);
    expect(r.get("module.ec2.aws_instance.a")!.region).toBe("eu-west-1");
    expect(r.get("module.ec2.module.ebs.aws_ebs_volume.v")!.region).toBe("eu-west-1");
    expect(r.get("module.s3.aws_s3_bucket.b")!.region).toBe("eu-west-1");
  });

  it("is undefined when it cannot be known statically", () => {
    const text = planJson({
      root: mod("", [planned("aws_s3_bucket.a")], [mod("module.m", [planned("module.m.aws_s3_bucket.b")])]),
      configuration: {
        provider_config: { aws: { name: "aws", expressions: { profile: lit("prod") } }, "aws.l": { ...region(ref("local.region")), alias: "l" } },
        root_module: {
          resources: [configResource("aws_s3_bucket.a")],
          module_calls: { m: { source: "./m", module: { resources: [configResource("aws_s3_bucket.b", {}, "aws.l")] } } },
        },
      },
    });
    const inv = parsePlan(text, "p.json");
    expect(inv.resources.map((r) => r.region)).toEqual([undefined, undefined]);
    expect(inv.regions).toBeUndefined();
  });
});

describe("loadPlanFile", () => {
  const text = planJson({
    root: mod("", [planned("aws_s3_bucket.b", { bucket: "été-☃-😀" })]),
    configuration: { provider_config: { aws: region("us-east-1") }, root_module: { resources: [configResource("aws_s3_bucket.b", { bucket: lit("x") })] } },
  });
  const expected = parsePlan(text, "same.json");
  const write = (name: string, bytes: Buffer) => {
    const p = join(tmp, name);
    writeFileSync(p, bytes);
    return p;
  };
  const utf16be = (s: string) => {
    const le = Buffer.from(s, "utf16le");
    for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
    return le;
  };

  it.each([
    ["UTF-8", Buffer.from(text, "utf8")],
    ["UTF-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")])],
    ["UTF-16 LE with BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])],
    ["UTF-16 BE with BOM", Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)])],
  ])("reads %s", async (name, bytes) => {
    const path = write(`${name.replace(/\W+/g, "-")}.json`, bytes);
    const inv = await loadPlanFile(path);
    expect(inv.inputs).toEqual([path]);
    expect(inv.resources[0]!.values.bucket).toBe("été-☃-😀");
    expect(inv.resources.map((r) => ({ ...r, location: undefined }))).toEqual(expected.resources.map((r) => ({ ...r, location: undefined })));
    expect(inv.resources[0]!.location).toEqual({ file: path });
  });

  it("parsePlan accepts text that still has its BOM", () => {
    expect(parsePlan(`\uFEFF${text}`, "bom.json").resources).toHaveLength(1);
  });
});
