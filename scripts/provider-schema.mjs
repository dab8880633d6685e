#!/usr/bin/env node
// Regenerates fixtures/provider-schema.json: the attribute and nested-block tree of every AWS
// resource type the rules (rules/*.yaml) or the check functions (src/engine/functions/*.ts) name,
// taken from the real hashicorp/aws provider so test/rules-schema.test.ts can tell a typo in a rule
// path (`password_policy.0.minimum_lenght`) from a real attribute. The full provider schema is tens
// of MB; only the types in use are kept, without descriptions.
//
//   npm run provider-schema
//
// Environment: TERRAFORM (binary, default "terraform" on PATH), TF_PLUGIN_DIR (default /opt/tf-plugins),
// AWS_PROVIDER_VERSION (default 5.100.0, the version the rules are written against).
// Offline: `terraform init -plugin-dir` in a temporary directory, then `terraform providers schema -json`.
// Tests never run this; they read the committed JSON.
//
// Output shape (keys sorted, so a regenerated file diffs cleanly):
//   { "provider": "registry.terraform.io/hashicorp/aws", "providerVersion": "5.100.0",
//     "terraformVersion": "1.11.4", "generatedBy": "scripts/provider-schema.mjs",
//     "resources": { "<type>": <node> } }
//   <node>  = { "attrs": [every attribute name],
//               "attrTypes"?: { "<attr>": <type> },        only attributes that are not a primitive
//               "blocks"?: { "<block>": <node> & { "nesting": "list"|"set"|"single"|"group"|"map", "maxItems"?: n } },
//               "deprecated"?: [attribute and block names the provider marks deprecated] }
//   <type>  = Terraform's type notation: "string" | "number" | "bool" | "dynamic" | ["list"|"set"|"map", <type>]
//             | ["object", { "<name>": <type> }]. A set of objects such as aws_route_table's `route` is
//             ["set", ["object", {...}]], so `route.0.gateway_id` can be checked. Plugin-framework
//             nested attributes (nested_type) are written in the same notation.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const outFile = join(repoRoot, "fixtures", "provider-schema.json");
const terraform = process.env.TERRAFORM || "terraform";
const pluginDir = process.env.TF_PLUGIN_DIR || "/opt/tf-plugins";
const providerVersion = process.env.AWS_PROVIDER_VERSION || "5.100.0";
const providerAddress = "registry.terraform.io/hashicorp/aws";
const awsPluginDir = join(pluginDir, "registry.terraform.io", "hashicorp", "aws");

/** Where resource type names are looked for: every rule, and the functions rules call by name. */
const SOURCES = [
  { dir: join(repoRoot, "rules"), match: (f) => /\.ya?ml$/.test(f) },
  { dir: join(repoRoot, "src", "engine", "functions"), match: (f) => f.endsWith(".ts") },
];

function fail(message) {
  console.error(`provider-schema: ${message}`);
  process.exit(1);
}

/** The environment Terraform runs in: offline, no CLI config, nothing inherited that changes its behaviour. */
function terraformEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith("TF_") || k.startsWith("AWS_")) continue;
    env[k] = v;
  }
  return { ...env, TF_CLI_CONFIG_FILE: "/dev/null", TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1" };
}

function checkPrerequisites() {
  const version = spawnSync(terraform, ["version", "-json"], { encoding: "utf8", env: terraformEnv() });
  if (version.error) {
    fail(
      `cannot run Terraform (${terraform}): ${version.error.code === "ENOENT" ? "not found" : version.error.message}.\n` +
        "  Install Terraform >= 1.5 (the schema was taken with 1.11) or set TERRAFORM=/path/to/terraform.",
    );
  }
  if (version.status !== 0) fail(`\`${terraform} version\` exited ${version.status}: ${version.stderr.trim()}`);
  const versionDir = join(awsPluginDir, providerVersion);
  if (!existsSync(versionDir) || readdirSync(versionDir).length === 0) {
    const have = existsSync(awsPluginDir) ? readdirSync(awsPluginDir).join(", ") || "none" : "none";
    fail(
      `no hashicorp/aws ${providerVersion} provider under the plugin directory ${pluginDir} (versions there: ${have}).\n` +
        "  The schema is read offline from a local plugin directory laid out as\n" +
        "  <dir>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/terraform-provider-aws_*.\n" +
        "  Set TF_PLUGIN_DIR to it, or AWS_PROVIDER_VERSION to a version it holds.",
    );
  }
  let tfVersion;
  try {
    tfVersion = JSON.parse(version.stdout).terraform_version;
  } catch {
    tfVersion = version.stdout.split("\n")[0];
  }
  return String(tfVersion);
}

function run(args, cwd) {
  const r = spawnSync(terraform, args, { cwd, env: terraformEnv(), encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  if (r.error) fail(`terraform ${args[0]}: ${r.error.message}`);
  if (r.status !== 0) {
    console.error(r.stdout);
    console.error(r.stderr);
    fail(`terraform ${args.join(" ")} exited ${r.status}`);
  }
  return r.stdout;
}

/** The provider's full schema, from a throwaway configuration that only requires it. */
function readProviderSchema() {
  const work = mkdtempSync(join(tmpdir(), "cbguard-provider-schema-"));
  try {
    writeFileSync(
      join(work, "main.tf"),
      `terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "${providerVersion}" }\n  }\n}\n`,
    );
    run(["init", "-input=false", "-no-color", "-backend=false", `-plugin-dir=${pluginDir}`], work);
    const text = run(["providers", "schema", "-json"], work);
    let doc;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      fail(`terraform providers schema -json did not print JSON: ${e.message}`);
    }
    const provider = doc.provider_schemas?.[providerAddress];
    if (!provider?.resource_schemas) fail(`the schema has no resource schemas for ${providerAddress}`);
    return provider.resource_schemas;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Every `aws_…` word in the sources that is a resource type of the provider, with where it was seen. */
function typesInUse(resourceSchemas) {
  const used = new Map();
  const other = new Set();
  for (const { dir, match } of SOURCES) {
    for (const file of readdirSync(dir).filter(match).sort()) {
      const text = readFileSync(join(dir, file), "utf8");
      for (const [word] of text.matchAll(/\baws_[a-z0-9_]*[a-z0-9]\b/g)) {
        if (!Object.hasOwn(resourceSchemas, word)) {
          other.add(word);
          continue;
        }
        if (!used.has(word)) used.set(word, new Set());
        used.get(word).add(relative(repoRoot, join(dir, file)));
      }
    }
  }
  return { used, other: [...other].sort() };
}

/** Terraform type notation with object attributes in sorted order (optional-attribute lists dropped). */
function compactType(t) {
  if (typeof t === "string") return t;
  const [kind, inner] = t;
  if (kind === "object") return ["object", sortedMap(inner, compactType)];
  if (kind === "tuple") return ["tuple", inner.map(compactType)];
  return [kind, compactType(inner)];
}

/** A plugin-framework nested attribute (`nested_type`) as the type Terraform gives its value. */
function nestedTypeAsType(nested) {
  const object = ["object", sortedMap(nested.attributes ?? {}, attributeType)];
  return nested.nesting_mode === "single" ? object : [nested.nesting_mode, object];
}

const attributeType = (a) => (a.nested_type ? nestedTypeAsType(a.nested_type) : compactType(a.type ?? "dynamic"));

function sortedMap(obj, f) {
  const out = {};
  for (const k of Object.keys(obj).sort()) out[k] = f(obj[k]);
  return out;
}

/** A block body as `{ attrs, attrTypes?, blocks?, deprecated? }`. */
function compactBlock(block) {
  const attributes = block.attributes ?? {};
  const blockTypes = block.block_types ?? {};
  const node = { attrs: Object.keys(attributes).sort() };
  const attrTypes = {};
  for (const name of node.attrs) {
    const t = attributeType(attributes[name]);
    if (typeof t !== "string") attrTypes[name] = t;
  }
  if (Object.keys(attrTypes).length > 0) node.attrTypes = attrTypes;
  if (Object.keys(blockTypes).length > 0) {
    node.blocks = sortedMap(blockTypes, (bt) => {
      const child = { nesting: bt.nesting_mode, ...compactBlock(bt.block ?? {}) };
      if (bt.max_items !== undefined) child.maxItems = bt.max_items;
      return sortKeys(child);
    });
  }
  const deprecated = [
    ...Object.keys(attributes).filter((n) => attributes[n].deprecated),
    ...Object.keys(blockTypes).filter((n) => blockTypes[n].block?.deprecated),
  ].sort();
  if (deprecated.length > 0) node.deprecated = deprecated;
  return sortKeys(node);
}

const sortKeys = (obj) => sortedMap(obj, (v) => v);

function main() {
  const tfVersion = checkPrerequisites();
  const schemas = readProviderSchema();
  const { used, other } = typesInUse(schemas);
  if (used.size === 0) fail("no resource type of the provider is named in rules/ or src/engine/functions/");
  const resources = {};
  for (const type of [...used.keys()].sort()) resources[type] = compactBlock(schemas[type].block);
  const doc = {
    generatedBy: "scripts/provider-schema.mjs",
    provider: providerAddress,
    providerVersion,
    resources,
    terraformVersion: tfVersion,
  };
  const text = JSON.stringify(doc, null, 2) + "\n";
  writeFileSync(outFile, text);
  if (other.length > 0) console.log(`not resource types of the provider (ignored): ${other.join(", ")}`);
  console.log(
    `terraform ${tfVersion}, ${providerAddress} ${providerVersion}: ${used.size} resource types ` +
      `(${(text.length / 1024).toFixed(0)} KiB) -> ${relative(repoRoot, outFile)}`,
  );
}

main();
