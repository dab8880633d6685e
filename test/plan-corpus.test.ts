/**
 * Real plans nobody on this project wrote (../shared/corpus, Terraform 0.12.3 to 1.14.9) and the
 * project's own fixtures (real Terraform 1.11 plans of the ClassBoard stack).
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Inventory, Resource } from "../src/model/resource.js";
import { loadPlanFile, parsePlan } from "../src/sources/plan/index.js";
import { buildInventory } from "../src/sources/plan/build.js";
import { readPlanDocument } from "../src/sources/plan/document.js";
import { Interner } from "../src/sources/plan/paths.js";
import { openInput } from "../src/sources/plan/read.js";

const repo = resolve(fileURLToPath(new URL(".", import.meta.url)), "..");
const corpus = resolve(repo, "../shared/corpus");
const corpusPlans = join(corpus, "plans");
const fixturePlans = join(repo, "fixtures/plans");

const jsonFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")).sort() : []);

/** The file's JSON, decoded independently of the loader. */
function rawJson(path: string): Record<string, unknown> {
  const bytes = readFileSync(path);
  const text =
    bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.toString("utf16le").slice(1) : bytes.toString("utf8").replace(/^\uFEFF/, "");
  return JSON.parse(text) as Record<string, unknown>;
}

/** Managed resources in planned_values, counted without the loader. */
function countManaged(plan: Record<string, unknown>): number {
  const walk = (m: { resources?: { mode: string }[]; child_modules?: unknown[] } | undefined): number =>
    (m?.resources ?? []).filter((r) => r.mode === "managed").length +
    (m?.child_modules ?? []).reduce<number>((n, c) => n + walk(c as never), 0);
  return walk((plan.planned_values as { root_module?: never } | undefined)?.root_module);
}

/** String values under password-named keys, from the raw file: none may reach the inventory. */
function passwords(node: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) node.forEach((v) => passwords(v, out));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === "string" && /passw/i.test(k) && v.length >= 6 && v !== k) out.add(v);
      else passwords(v, out);
    }
  }
  return out;
}

/** Loads through the chunked file reader with a tiny window, so every read crosses boundaries. */
async function loadThroughWindow(path: string, window: number): Promise<Inventory> {
  const input = await openInput(path);
  try {
    const intern = new Interner();
    const doc = readPlanDocument(input.bytes ?? input.reader, path, intern, window);
    return buildInventory(doc, path, intern);
  } finally {
    input.close();
  }
}

function expectWellFormed(resources: Resource[]): void {
  for (const r of resources) {
    expect(r.type, r.address).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(r.address).not.toBe("");
    expect(r.address.startsWith(r.baseAddress), r.address).toBe(true);
    expect(r.baseAddress.endsWith(`${r.type}.${r.baseAddress.split(".").pop()}`), r.address).toBe(true);
    expect(r.baseAddress.startsWith(r.modulePath), r.address).toBe(true);
    expect(r.source).toBe("plan");
  }
}

const counts = existsSync(join(corpus, "counts.json"))
  ? (JSON.parse(readFileSync(join(corpus, "counts.json"), "utf8")) as Record<string, { managed: number }>)
  : {};

describe.skipIf(!existsSync(corpusPlans))(`corpus of real plans (${corpusPlans})`, () => {
  const files = jsonFiles(corpusPlans);

  it("has plans to read", () => {
    expect(files.length).toBeGreaterThan(30);
  });

  describe.each(files)("%s", (file) => {
    const path = join(corpusPlans, file);

    it("loads every managed resource in planned_values, well formed, no password", async () => {
      const inventory = await loadPlanFile(path);
      expect(inventory.resources.length).toBe(counts[file]?.managed);
      expect(inventory.resources.length).toBe(countManaged(rawJson(path)));
      expectWellFormed(inventory.resources);
      const serialised = JSON.stringify(inventory);
      for (const secret of passwords(rawJson(path))) expect(serialised, "a password reached the inventory").not.toContain(secret);
    });

    it("reads the same through a 64-byte window", async () => {
      const whole = await loadPlanFile(path);
      const windowed = await loadThroughWindow(path, 64);
      expect(windowed.resources).toEqual(whole.resources);
    });
  });

  it("reads the shapes of old and new formats", async () => {
    const load = (f: string) => loadPlanFile(join(corpusPlans, f));
    // 0.12, module keys "db_instance:aws" with the provider configured two modules up.
    const tf012 = await load("infracost__tf012_rds_ec2_modules.json");
    const db = tf012.resources.find((r) => r.address === "module.db.module.db_1.module.db_instance.aws_db_instance.this[0]")!;
    expect(db).toMatchObject({ modulePath: "module.db.module.db_1.module.db_instance", baseAddress: "module.db.module.db_1.module.db_instance.aws_db_instance.this", region: "us-east-1" });
    expect(db.expressions.db_subnet_group_name).toBeDefined();
    // for_each keys with dots.
    expect(tf012.resources.find((r) => r.address === 'aws_instance.instance_named["test.1"]')?.baseAddress).toBe("aws_instance.instance_named");
    // 1.0: empty "module.s3-bucket-1:aws" entries inherit the root provider.
    const edges = await load("checkov__modules_edges_s3_pab.json");
    expect(new Set(edges.resources.map((r) => r.region))).toEqual(new Set(["eu-central-1"]));
    // An aliased root provider.
    const terracost = await load("terracost__db_instance_elb_modules.json");
    expect(terracost.resources.find((r) => r.address === "aws_instance.example")?.region).toBe("eu-west-3");
    expect(terracost.resources.find((r) => r.address === "module.ec2.module.ebs.aws_ebs_volume.volume")?.region).toBe("eu-west-1");
    // Region from a root variable (0.12).
    const alb = await load("terraform-compliance-cli__alb_asg_lambda_modules_239k.json");
    expect(new Set(alb.resources.map((r) => r.region))).toEqual(new Set(["us-east-1"]));
    // UTF-16 LE with a BOM.
    expect((await load("checkov__s3_utf16_encoded.json")).resources).toHaveLength(1);
    // No configuration block at all: values and unknowns, no expressions.
    const cf = (await load("checkov__cloudfront_after_unknown.json")).resources[0]!;
    expect(cf.expressions).toEqual({});
    expect(cf.unknown.size).toBeGreaterThan(0);
    // A change that deletes is not a resource; a replace is.
    expect((await load("terraform-compliance-cli__lambda_loggroup_sg_tf100.json")).resources.map((r) => r.address)).not.toContain(
      "aws_cloudwatch_event_rule.Metricos_custom_alert_schedule_frequent[0]",
    );
    expect((await load("checkov__secretsmanager_deleted.json")).resources).toHaveLength(1);
  });

  it("marks after_sensitive values and never keeps them", async () => {
    const inv = await loadPlanFile(join(corpusPlans, "snyk-policy-engine__db_instance_sensitive.json"));
    const db = inv.resources[0]!;
    expect(db.sensitive.has("password")).toBe(true);
    expect(JSON.stringify(inv)).not.toContain("foobarbaz");
    const lambda = (await loadPlanFile(join(corpusPlans, "terraform-compliance-cli__lambda_loggroup_sg_tf100.json"))).resources.find(
      (r) => r.address === "aws_lambda_function.lambda",
    )!;
    expect(lambda.sensitive.has("environment.0.variables.EVENT_BUS_ARN")).toBe(true);
  });

  it("parsePlan on the text gives what loadPlanFile gives", async () => {
    const path = join(corpusPlans, "regula__modules_vpc_sg_tf10.json");
    const fromText = parsePlan(readFileSync(path, "utf8"), path);
    expect(fromText.resources).toEqual((await loadPlanFile(path)).resources);
  });
});

describe.skipIf(jsonFiles(fixturePlans).length === 0)(`ClassBoard fixture plans (${fixturePlans})`, () => {
  const files = jsonFiles(fixturePlans);

  it.each(files)("%s loads every managed resource", async (file) => {
    const path = join(fixturePlans, file);
    const inventory = await loadPlanFile(path);
    expect(inventory.resources.length).toBe(countManaged(rawJson(path)));
    expectWellFormed(inventory.resources);
  });

  const compliant = join(fixturePlans, "classboard-compliant.json");
  describe.skipIf(!existsSync(compliant))("classboard-compliant.json", () => {
    const load = () => loadPlanFile(compliant);

    it("puts the replica bucket (aws.replica passed to the storage module) in us-west-2", async () => {
      const buckets = (await load()).resources.filter((r) => r.type === "aws_s3_bucket");
      const replica = buckets.filter((r) => r.region === "us-west-2");
      expect(replica.length).toBeGreaterThan(0);
      expect(replica.every((r) => /replica/.test(r.address))).toBe(true);
      expect(buckets.filter((r) => r.region === "us-east-1").length).toBeGreaterThan(0);
    });

    it("links each aws_s3_bucket_versioning to its bucket's base address", async () => {
      const resources = (await load()).resources;
      const buckets = new Set(resources.filter((r) => r.type === "aws_s3_bucket").map((r) => r.baseAddress));
      const versioning = resources.filter((r) => r.type === "aws_s3_bucket_versioning");
      expect(versioning.length).toBeGreaterThan(0);
      for (const v of versioning) {
        expect(v.unknown.has("bucket"), v.address).toBe(true);
        expect(v.expressions.bucket?.references.some((ref) => buckets.has(ref)), v.address).toBe(true);
      }
    });

    it("a kms key id set from a key created in the same plan is unknown, with a reference to it", async () => {
      const resources = (await load()).resources;
      const keys = new Set(resources.filter((r) => r.type === "aws_kms_key").map((r) => r.baseAddress));
      const uses = resources.flatMap((r) =>
        Object.entries(r.expressions)
          .filter(([path, e]) => /kms_(master_)?key_(id|arn)$/.test(path) && e.references.some((ref) => keys.has(ref)))
          .map(([path]) => [r, path] as const),
      );
      expect(uses.length).toBeGreaterThan(5);
      for (const [r, path] of uses) expect(r.unknown.has(path), `${r.address} ${path}`).toBe(true);
      const db = resources.find((r) => r.type === "aws_db_instance")!;
      expect(db.unknown.has("kms_key_id")).toBe(true);
      expect(db.expressions.kms_key_id?.references).toEqual(["module.security.aws_kms_key.data"]);
    });
  });
});
