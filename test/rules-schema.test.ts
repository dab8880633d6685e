import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FUNCTIONS, SCOPE_FUNCTIONS } from "../src/engine/functions/index.js";
import { loadRuleSet } from "../src/engine/load.js";
import type { Condition, RelatedCondition, Rule } from "../src/engine/rule.js";

/**
 * Every attribute path a rule reads exists in the Terraform AWS provider (v5) schema for the
 * resource type it is read on. A typo in a path does not fail loudly: the value is simply absent,
 * so the rule fails (or, under `not` / `notEquals` / `literal: false`, passes) forever.
 *
 * The schema is fixtures/provider-schema.json, cut down to the types in use by
 * scripts/provider-schema.mjs (`npm run provider-schema` regenerates it from the real provider).
 */

type TfType = string | [string, unknown];
interface SchemaNode {
  attrs: string[];
  attrTypes?: Record<string, TfType>;
  blocks?: Record<string, SchemaBlock>;
  deprecated?: string[];
}
interface SchemaBlock extends SchemaNode {
  nesting: "list" | "set" | "single" | "group" | "map";
  maxItems?: number;
}
interface ProviderSchema {
  provider: string;
  providerVersion: string;
  resources: Record<string, SchemaNode>;
}

const SCHEMA_FILE = "fixtures/provider-schema.json";
const schema = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as ProviderSchema;
const ruleSet = loadRuleSet();

/**
 * Paths rules read that the provider schema does not have, each with why it is left as it is.
 * The rules are not changed here; a gap listed here is reported, not hidden: the test fails for
 * any other missing path, and for an entry here that is no longer a gap.
 */
const knownGaps: { rule: string; type: string; path: string; why: string }[] = [];

/** A place in the schema a path has reached. */
type Shape =
  | { kind: "node"; node: SchemaNode } // a resource, or one element of a nested block
  | { kind: "blocks"; name: string; block: SchemaBlock } // a list/set/map of nested blocks, before the index
  | { kind: "type"; type: TfType }; // an attribute value (or a part of one)

const root = (type: string): Shape => ({ kind: "node", node: schema.resources[type]! });
const isIndex = (seg: string): boolean => /^(0|[1-9][0-9]*)$/.test(seg);
const typeName = (t: TfType): string => (typeof t === "string" ? t : t[0] === "object" ? "object" : `${t[0]} of ${typeName(t[1] as TfType)}`);

/** One path segment further; a string is why the segment does not exist. */
function step(shape: Shape, seg: string): Shape | string {
  if (shape.kind === "node") {
    const block = shape.node.blocks?.[seg];
    if (block) return block.nesting === "single" || block.nesting === "group" ? { kind: "node", node: block } : { kind: "blocks", name: seg, block };
    if (shape.node.attrs.includes(seg)) return { kind: "type", type: shape.node.attrTypes?.[seg] ?? "primitive" };
    const names = [...shape.node.attrs, ...Object.keys(shape.node.blocks ?? {})];
    const near = names.filter((n) => n.includes(seg) || seg.includes(n) || n.split("_")[0] === seg.split("_")[0]);
    return `no attribute or block "${seg}"${near.length ? ` (has ${near.join(", ")})` : ""}`;
  }
  if (shape.kind === "blocks") {
    if (shape.block.nesting === "map") return { kind: "node", node: shape.block };
    if (!isIndex(seg)) return `"${shape.name}" is a ${shape.block.nesting} of blocks: expected an index, not "${seg}"`;
    if (shape.block.maxItems !== undefined && Number(seg) >= shape.block.maxItems) return `"${shape.name}" holds at most ${shape.block.maxItems} block(s)`;
    return { kind: "node", node: shape.block };
  }
  const t = shape.type;
  if (t === "dynamic") return shape;
  if (typeof t === "string") return `a ${t} value has no "${seg}"`;
  const [kind, inner] = t;
  if (kind === "list" || kind === "set") return isIndex(seg) ? { kind: "type", type: inner as TfType } : `a ${typeName(t)} needs an index, not "${seg}"`;
  if (kind === "map") return { kind: "type", type: inner as TfType };
  if (kind === "tuple") return isIndex(seg) && (inner as TfType[])[Number(seg)] !== undefined ? { kind: "type", type: (inner as TfType[])[Number(seg)]! } : `tuple has no element "${seg}"`;
  const fields = inner as Record<string, TfType>;
  return seg in fields ? { kind: "type", type: fields[seg]! } : `object has no "${seg}" (has ${Object.keys(fields).join(", ")})`;
}

function resolve(shape: Shape, path: string): Shape | string {
  let cur = shape;
  for (const seg of path.split(".")) {
    const next = step(cur, seg);
    if (typeof next === "string") return next;
    cur = next;
  }
  return cur;
}

/** What one element of a list looks like, for `each` / `some` (a value that is not a list is its own one element). */
function elementOf(shape: Shape): Shape | string {
  if (shape.kind === "blocks") return { kind: "node", node: shape.block };
  if (shape.kind === "node") return shape;
  const t = shape.type;
  if (t === "dynamic") return shape;
  if (typeof t === "string") return `a ${t} value is not a list`;
  if (t[0] === "list" || t[0] === "set") return { kind: "type", type: t[1] as TfType };
  if (t[0] === "object") return shape;
  return `a ${typeName(t)} is not a list`;
}

/** Where a condition is evaluated: which type, which part of it, and what else the subject could be. */
interface Ctx {
  rule: string;
  type: string;
  shape: Shape;
  /** Path of the current element inside the resource (`rule.*`), "" for the resource itself. */
  prefix: string;
  /** How the walk got here, for the message. */
  trail: string;
  /** The types the subject may have here, for `byType`. */
  subjectTypes: readonly string[];
}

interface Check {
  rule: string;
  type: string;
  /** The path from the resource's root, with `*` for the element an `each` / `some` is at. */
  path: string;
  trail: string;
  problem?: string;
}

/**
 * What each check function reads inside itself (read from src/engine/functions/*.ts), by the type
 * it is called on. `subject`: paths relative to the subject it is called with (a resource, or the
 * list element it is called inside); `reads`: paths of other resources it finds itself, from their
 * root; `attrArg`: it reads `args.attr`, and this path when the rule gives none.
 */
interface FnReads {
  subject: Record<string, string[]>;
  reads?: Record<string, string[]>;
  attrArg?: string;
}
const FN_READS: Record<string, FnReads> = {
  // backup-recency.ts: live-only types (CB-BAK-004), outside the provider schema
  backupCompletedWithin: { subject: {} },
  // backup.ts
  backupEvery: { subject: { aws_backup_plan: ["schedule"] } },
  backupSelectedByTag: {
    subject: { aws_db_instance: ["tags_all", "tags"], aws_rds_cluster: ["tags_all", "tags"] },
    reads: { aws_backup_selection: ["selection_tag", "selection_tag.0.type", "selection_tag.0.key", "selection_tag.0.value"] },
  },
  // cluster.ts
  clusterSpansZones: {
    subject: { aws_rds_cluster: ["id", "cluster_identifier"] },
    reads: { aws_rds_cluster_instance: ["cluster_identifier", "availability_zone"] },
  },
  // keys.ts: reads only the attribute its rule names
  customerManagedKey: {
    subject: { aws_db_instance: [], aws_rds_cluster: [], aws_backup_vault: [], aws_secretsmanager_secret: [], aws_cloudtrail: [] },
  },
  // jobs.ts
  isGuideJob: { subject: { aws_lambda_function: ["function_name"] } },
  scheduledAsGuideSays: {
    subject: { aws_lambda_function: ["function_name", "arn", "qualified_arn", "invoke_arn"] },
    reads: {
      aws_cloudwatch_event_target: ["arn", "rule"],
      aws_cloudwatch_event_rule: ["name", "id", "state", "is_enabled", "schedule_expression"],
      aws_scheduler_schedule: ["target.0.arn", "state", "schedule_expression_timezone", "schedule_expression"],
    },
  },
  guideJobsPresent: { subject: { aws_lambda_function: ["function_name"] } },
  // network.ts
  routeVia: {
    subject: { aws_subnet: ["id", "vpc_id"] },
    reads: {
      aws_route_table_association: ["subnet_id", "route_table_id"],
      aws_main_route_table_association: ["vpc_id", "route_table_id"],
      aws_vpc: ["id", "default_route_table_id"],
      aws_route_table: ["id", "route", "route.0.cidr_block", "route.0.ipv6_cidr_block", "route.0.gateway_id", "route.0.nat_gateway_id"],
      aws_default_route_table: ["id", "default_route_table_id", "route", "route.0.cidr_block", "route.0.ipv6_cidr_block", "route.0.gateway_id", "route.0.nat_gateway_id"],
      aws_route: ["id", "route_table_id", "destination_cidr_block", "destination_ipv6_cidr_block", "gateway_id", "nat_gateway_id"],
    },
  },
  noWorldIngress: {
    subject: {
      aws_security_group: ["ingress", ...["cidr_blocks", "ipv6_cidr_blocks", "protocol", "from_port", "to_port"].map((p) => `ingress.0.${p}`)],
      aws_security_group_rule: ["type", "cidr_blocks", "ipv6_cidr_blocks", "protocol", "from_port", "to_port"],
      aws_vpc_security_group_ingress_rule: ["cidr_ipv4", "cidr_ipv6", "ip_protocol", "from_port", "to_port"],
    },
  },
  // policy-document.ts
  noAdminGrant: {
    subject: { aws_iam_policy: [], aws_iam_role_policy: [], aws_iam_user_policy: [], aws_iam_group_policy: [] },
    attrArg: "policy",
  },
  deniesInsecureTransport: { subject: { aws_s3_bucket: [], aws_s3_bucket_policy: [] }, attrArg: "policy" },
  // retention.ts
  lambdaLogGroup: {
    subject: { aws_lambda_function: ["logging_config.0.log_group", "function_name"] },
    reads: { aws_cloudwatch_log_group: ["name", "retention_in_days"] },
  },
  bucketKeepsObjects: {
    subject: { aws_s3_bucket: ["id", "bucket"] },
    reads: { aws_s3_bucket_lifecycle_configuration: ["bucket", "rule", "rule.0.status", "rule.0.expiration.0.days"] },
  },
};

const asList = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);

/** Walks the rule set once, collecting every path check and every type it names. */
function walkRuleSet(rules: readonly Rule[], withFunctionReads = true) {
  const checks: Check[] = [];
  const typeProblems: string[] = [];
  const typesNamed = new Set<string>();
  let pseudo = 0;
  let wildcardRules = 0;

  const knownType = (type: string, rule: string, trail: string): boolean => {
    typesNamed.add(type);
    if (schema.resources[type]) return true;
    typeProblems.push(
      `${rule}: ${trail}: type ${type} is not in ${SCHEMA_FILE}: not a resource of ${schema.provider} ${schema.providerVersion}, ` +
        "or the fixture is stale (npm run provider-schema)",
    );
    return false;
  };

  const full = (ctx: Ctx, path: string): string => (ctx.prefix ? `${ctx.prefix}.${path}` : path);

  /** Checks `path` relative to the current subject; the shape it reaches, if it exists. */
  const check = (ctx: Ctx, path: string, what: string): Shape | undefined => {
    const got = resolve(ctx.shape, path);
    const problem = typeof got === "string" ? got : undefined;
    checks.push({ rule: ctx.rule, type: ctx.type, path: full(ctx, path), trail: `${ctx.trail} ${what}`, problem });
    return typeof got === "string" ? undefined : got;
  };

  const checkFn = (name: string, args: Record<string, unknown>, ctx: Ctx): void => {
    const reads = FN_READS[name];
    if (!reads) {
      typeProblems.push(`${ctx.rule}: ${ctx.trail}: fn ${name} has no entry in FN_READS (say what it reads)`);
      return;
    }
    for (const v of Object.values(args)) if (typeof v === "string" && /^aws_[a-z0-9_]+$/.test(v)) knownType(v, ctx.rule, `${ctx.trail} fn ${name} args`);
    const own = reads.subject[ctx.type];
    if (!own) {
      typeProblems.push(`${ctx.rule}: ${ctx.trail}: fn ${name} is called on ${ctx.type}, which FN_READS does not cover for it`);
      return;
    }
    const fnCtx = { ...ctx, rule: `${ctx.rule} fn ${name}` };
    for (const p of own) check(fnCtx, p, `fn ${name} reads`);
    if (reads.attrArg !== undefined && typeof args.attr !== "string") check(fnCtx, reads.attrArg, `fn ${name} reads (default of args.attr)`);
  };

  const walk = (c: Condition | undefined, ctx: Ctx): void => {
    if (!c) return;
    if ("attr" in c) {
      if (c.attr.startsWith("@")) pseudo++;
      else check(ctx, c.attr, "attr");
      if (c.refersTo !== undefined) for (const t of asList(c.refersTo)) knownType(t, ctx.rule, `${ctx.trail} refersTo`);
    } else if ("all" in c) {
      c.all.forEach((x, i) => walk(x, { ...ctx, trail: `${ctx.trail} all[${i}]` }));
    } else if ("any" in c) {
      c.any.forEach((x, i) => walk(x, { ...ctx, trail: `${ctx.trail} any[${i}]` }));
    } else if ("not" in c) {
      walk(c.not, { ...ctx, trail: `${ctx.trail} not` });
    } else if ("each" in c || "some" in c) {
      const [mode, list] = "each" in c ? ["each", c.each] : ["some", c.some];
      const shape = check(ctx, list.attr, `${mode}.attr`);
      if (!shape) return;
      const element = elementOf(shape);
      if (typeof element === "string") {
        checks.push({ rule: ctx.rule, type: ctx.type, path: full(ctx, list.attr), trail: `${ctx.trail} ${mode}.attr`, problem: element });
        return;
      }
      const inner: Ctx = { ...ctx, shape: element, prefix: full(ctx, `${list.attr}.*`), trail: `${ctx.trail} ${mode} ${list.attr}[]` };
      walk(list.where, { ...inner, trail: `${inner.trail} where` });
      walk(list.assert, { ...inner, trail: `${inner.trail} assert` });
    } else if ("related" in c) {
      walkRelated(c.related, ctx);
    } else if ("byType" in c) {
      for (const [t, branch] of Object.entries(c.byType)) {
        knownType(t, ctx.rule, `${ctx.trail} byType`);
        if (!ctx.subjectTypes.includes(t)) typeProblems.push(`${ctx.rule}: ${ctx.trail}: byType branch ${t} can never be taken (subject is ${ctx.subjectTypes.join(" or ")})`);
        if (t === ctx.type) walk(branch, { ...ctx, trail: `${ctx.trail} byType.${t}` });
      }
    } else {
      const args = c.args ?? {};
      if (typeof args.attr === "string") check(ctx, args.attr, `fn ${c.fn} args.attr`);
      checkFn(c.fn, args, ctx);
    }
  };

  const walkRelated = (r: RelatedCondition, ctx: Ctx): void => {
    const types = asList(r.type);
    for (const t of types) {
      const trail = `${ctx.trail} related ${t}`;
      if (!knownType(t, ctx.rule, trail)) continue;
      const theirs: Ctx = { rule: ctx.rule, type: t, shape: root(t), prefix: "", trail, subjectTypes: types };
      if ("theirs" in r.link && typeof r.link.theirs === "string") {
        check(theirs, r.link.theirs, "link.theirs");
        for (const p of r.link.ours) check(ctx, p, `(${trail}) link.ours`);
      } else {
        check(ctx, r.link.ours as string, `(${trail}) link.ours`);
        for (const p of r.link.theirs as string[]) check(theirs, p, "link.theirs");
      }
      walk(r.assert, { ...theirs, trail: `${trail} assert` });
    }
  };

  for (const rule of rules) {
    const subject = (type: string, trail: string, subjectTypes: readonly string[]): Ctx => ({ rule: rule.id, type, shape: root(type), prefix: "", trail, subjectTypes });
    if (rule.resourceTypes.includes("*")) {
      wildcardRules++;
    } else {
      for (const t of rule.resourceTypes) {
        if (!knownType(t, rule.id, "resourceTypes")) continue;
        walk(rule.where, subject(t, "where", rule.resourceTypes));
        walk(rule.assert, subject(t, "assert", rule.resourceTypes));
        if (rule.requireFn) checkFn(rule.requireFn, {}, subject(t, "requireFn", rule.resourceTypes));
      }
    }
    (rule.require ?? []).forEach((req, i) => {
      for (const t of req.types) {
        if (knownType(t, rule.id, `require[${i}]`)) walk(req.where, subject(t, `require[${i}].where`, req.types));
      }
    });
  }

  // What functions read of resources they find themselves, once per function.
  for (const [name, reads] of withFunctionReads ? Object.entries(FN_READS) : []) {
    for (const [t, paths] of Object.entries(reads.reads ?? {})) {
      if (!knownType(t, `fn ${name}`, "FN_READS")) continue;
      for (const p of paths) check({ rule: `fn ${name}`, type: t, shape: root(t), prefix: "", trail: "reads", subjectTypes: [t] }, p, "");
    }
  }
  return { checks, typeProblems, typesNamed, pseudo, wildcardRules };
}

// A live-only rule judges types no provider has (CB-BAK-004: what AWS Backup protects): no schema to check against.
const result = walkRuleSet(ruleSet.rules.filter((r) => !r.liveOnly));
const gapKey = (g: { rule: string; type: string; path: string }): string => `${g.rule} | ${g.type} | ${g.path}`;
const describeCheck = (c: Check): string => `${c.rule}: ${c.type}: "${c.path}" (at ${c.trail.trim()}): ${c.problem}`;

describe("rule paths exist in the AWS provider schema", () => {
  it("reads the schema of the provider version the rules are written for", () => {
    expect(schema.provider).toBe("registry.terraform.io/hashicorp/aws");
    expect(schema.providerVersion).toMatch(/^5\./);
    expect(Object.keys(schema.resources).length).toBeGreaterThan(20);
  });

  it("names only resource types the provider has", () => {
    expect(result.typeProblems).toEqual([]);
  });

  it("reads only paths the schema has (outside knownGaps)", () => {
    const known = new Set(knownGaps.map(gapKey));
    const missing = result.checks.filter((c) => c.problem && !known.has(gapKey(c))).map(describeCheck);
    expect(missing, `missing from ${SCHEMA_FILE}; fix the path, or add it to knownGaps with the reason`).toEqual([]);
  });

  it("lists in knownGaps only paths that are still missing", () => {
    const stillMissing = new Set(result.checks.filter((c) => c.problem).map(gapKey));
    expect(knownGaps.filter((g) => !stillMissing.has(gapKey(g))).map(gapKey)).toEqual([]);
  });

  it("is not vacuous", () => {
    const rulesChecked = new Set(result.checks.map((c) => c.rule.split(" ")[0] ?? "").filter((r) => r.startsWith("CB-")));
    expect(result.checks.length).toBeGreaterThan(100);
    expect(result.typesNamed.size).toBeGreaterThan(30);
    // Every rule has a path checked, but those judging "*" and those only demanding that a type exists.
    const nothingToRead = (r: Rule): boolean =>
      r.liveOnly === true || r.resourceTypes.includes("*") || (!r.where && !r.assert && !r.requireFn && (r.require ?? []).every((q) => !q.where));
    expect(ruleSet.rules.filter((r) => !rulesChecked.has(r.id) && !nothingToRead(r)).map((r) => r.id)).toEqual([]);
    expect(rulesChecked.size).toBeGreaterThan(30);
    expect(result.wildcardRules).toBeGreaterThanOrEqual(1);
    // And the walk does find a wrong path: a typo, an index where a name goes, a name where an index goes.
    const broken = walkRuleSet([{
      ...ruleSet.rules[0]!,
      id: "CB-TST-001",
      resourceTypes: ["aws_cognito_user_pool"],
      where: undefined,
      require: undefined,
      requireFn: undefined,
      assert: { all: [
        { attr: "password_policy.0.minimum_lenght", gte: 8 },
        { attr: "password_policy.minimum_length", gte: 8 },
        { attr: "mfa_configuration.0", equals: "ON" },
        { attr: "password_policy.1.minimum_length", gte: 8 },
        { attr: "password_policy.0.minimum_length", gte: 8 },
      ] },
    }, {
      ...ruleSet.rules[0]!,
      id: "CB-TST-002",
      resourceTypes: ["aws_s3_bucket"],
      where: undefined,
      require: undefined,
      requireFn: undefined,
      assert: { related: {
        type: "aws_s3_bucket_lifecycle_configuration",
        link: { theirs: "bucket", ours: ["id", "bucket"] },
        // Inside `some`, paths are relative to one rule: `rule.0.status` there is wrong.
        assert: { some: { attr: "rule", where: { attr: "status", equals: "Enabled" }, assert: { attr: "rule.0.status", equals: "Enabled" } } },
      } },
    }], false);
    expect(broken.checks.map((c) => `${c.type} ${c.path}: ${c.problem ?? "ok"}`)).toEqual([
      expect.stringContaining('no attribute or block "minimum_lenght"'),
      expect.stringContaining("expected an index"),
      expect.stringContaining("has no"),
      expect.stringContaining("at most 1"),
      "aws_cognito_user_pool password_policy.0.minimum_length: ok",
      "aws_s3_bucket_lifecycle_configuration bucket: ok",
      "aws_s3_bucket id: ok",
      "aws_s3_bucket bucket: ok",
      "aws_s3_bucket_lifecycle_configuration rule: ok",
      "aws_s3_bucket_lifecycle_configuration rule.*.status: ok",
      expect.stringMatching(/^aws_s3_bucket_lifecycle_configuration rule\.\*\.rule\.0\.status: no attribute or block "rule"/),
    ]);
  });

  it("covers every check function in FN_READS", () => {
    expect(Object.keys(FN_READS).sort()).toEqual([...Object.keys(FUNCTIONS), ...Object.keys(SCOPE_FUNCTIONS)].sort());
  });

  it("gives provider defaults (rules/provider-defaults.yaml) only for paths the schema has", () => {
    const problems: string[] = [];
    for (const [type, paths] of Object.entries(ruleSet.defaults)) {
      if (!schema.resources[type]) {
        problems.push(`${type}: not in ${SCHEMA_FILE}`);
        continue;
      }
      for (const p of Object.keys(paths)) {
        const got = resolve(root(type), p);
        if (typeof got === "string") problems.push(`${type}: "${p}": ${got}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
