#!/usr/bin/env node
// Regenerates fixtures/plans/<name>.json by running real Terraform offline: init from a local plugin
// directory, plan with mock credentials, show -json. Sources: each tree in fixtures/tf/<name>/, and
// `classboard-compliant`, planned from the governed stack itself (terraform/environments/production
// with production.tfvars and -var offline_plan=true, which turns on the provider's skip_* flags).
// Each tree is planned in a temporary copy so no .terraform/, lock file or plan file lands in the repo.
//
//   npm run fixtures                      # every tree
//   npm run fixtures -- classboard-missing # only the named trees
//
// Environment: TERRAFORM (binary, default "terraform" on PATH), TF_PLUGIN_DIR (default /opt/tf-plugins).
// Tests never run this; they read the committed JSON.

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const treesDir = join(repoRoot, "fixtures", "tf");
const governedDir = join(repoRoot, "terraform");
const plansDir = join(repoRoot, "fixtures", "plans");
const terraform = process.env.TERRAFORM || "terraform";
const pluginDir = process.env.TF_PLUGIN_DIR || "/opt/tf-plugins";
const awsPluginDir = join(pluginDir, "registry.terraform.io", "hashicorp", "aws");

/** `terraform version -json` output, or its first line when the JSON form is not understood. */
function terraformVersion(stdout) {
  try {
    return JSON.parse(stdout).terraform_version;
  } catch {
    return stdout.split("\n")[0];
  }
}

class FixtureError extends Error {}

/** Stops with a message; thrown rather than exiting so a fixture's temporary copy is still removed. */
function fail(message) {
  throw new FixtureError(message);
}

/** The environment Terraform runs in: offline, no CLI config, mock credentials, nothing inherited that changes a plan. */
function terraformEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    // TF_VAR_* would silently change variable values; AWS_* could point at a real account or profile.
    if (k.startsWith("TF_") || k.startsWith("AWS_")) continue;
    env[k] = v;
  }
  return {
    ...env,
    TF_CLI_CONFIG_FILE: "/dev/null",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
    AWS_ACCESS_KEY_ID: "mock",
    AWS_SECRET_ACCESS_KEY: "mock",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

function checkPrerequisites() {
  const version = spawnSync(terraform, ["version", "-json"], { encoding: "utf8", env: terraformEnv() });
  if (version.error) {
    fail(
      `cannot run Terraform (${terraform}): ${version.error.code === "ENOENT" ? "not found" : version.error.message}.\n` +
        "  Install Terraform >= 1.5 (the fixtures were made with 1.11) or set TERRAFORM=/path/to/terraform.",
    );
  }
  if (version.status !== 0) fail(`\`${terraform} version\` exited ${version.status}: ${version.stderr.trim()}`);
  if (!existsSync(awsPluginDir) || readdirSync(awsPluginDir).length === 0) {
    fail(
      `no hashicorp/aws provider under the plugin directory ${pluginDir}.\n` +
        "  The fixtures are planned offline from a local plugin directory laid out as\n" +
        "  <dir>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/terraform-provider-aws_*.\n" +
        "  Set TF_PLUGIN_DIR to it.",
    );
  }
  console.log(`terraform ${terraformVersion(version.stdout)}; aws provider ${readdirSync(awsPluginDir).join(", ")} from ${pluginDir}`);
}

function run(args, cwd, label) {
  const started = Date.now();
  const r = spawnSync(terraform, args, {
    cwd,
    env: terraformEnv(),
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) fail(`${label}: ${r.error.message}`);
  if (r.status !== 0) {
    console.error(r.stdout);
    console.error(r.stderr);
    fail(`${label}: terraform ${args[0]} exited ${r.status}`);
  }
  return { stdout: r.stdout, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

/** Copy a tree, leaving out anything a local terraform run may have left behind. */
function copyTree(from, to) {
  cpSync(from, to, {
    recursive: true,
    filter: (src) => {
      const name = basename(src);
      return !(
        name === ".terraform" ||
        name === ".terraform.lock.hcl" ||
        name.endsWith(".tfstate") ||
        name.endsWith(".tfstate.backup") ||
        name.endsWith(".tfplan")
      );
    },
  });
}

const byKey = (key) => (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/** Sorts `child_modules` (map iteration order in Terraform) by address, all the way down. */
function sortModules(module) {
  if (!module || !Array.isArray(module.child_modules)) return;
  module.child_modules.sort(byKey((m) => m.address));
  for (const child of module.child_modules) sortModules(child);
}

/**
 * Terraform lists some unordered things in a different order on every run: `relevant_attributes`
 * (a set) and the `child_modules` of `planned_values` / `prior_state`. Sorting them keeps a
 * regenerated fixture's diff small (the `timestamp` always changes; the order of references
 * inside one expression may too, and is left as Terraform printed it).
 */
function normalize(doc) {
  if (Array.isArray(doc.relevant_attributes)) {
    doc.relevant_attributes.sort(byKey((r) => `${r.resource}\u0000${JSON.stringify(r.attribute)}`));
  }
  sortModules(doc.planned_values?.root_module);
  sortModules(doc.prior_state?.values?.root_module);
}

/**
 * Fixtures planned from somewhere other than fixtures/tf/<name>/: `copy` is copied whole (so the
 * root's `../../modules/...` sources resolve), Terraform runs in `root` inside the copy, with `vars`.
 */
const GOVERNED = {
  "classboard-compliant": {
    copy: governedDir,
    root: join("environments", "production"),
    vars: ["-var-file=production.tfvars", "-var", "offline_plan=true"],
  },
};

/** Where a fixture's configuration comes from. */
function sourceOf(name) {
  return GOVERNED[name] ?? { copy: join(treesDir, name), root: ".", vars: [] };
}

function makeFixture(name) {
  const source = sourceOf(name);
  const work = mkdtempSync(join(tmpdir(), `cbguard-fixture-${name}-`));
  try {
    // Laid out as in the repository, so a fixture tree may reuse a governed module unchanged
    // (`source = "../../../../../terraform/modules/secure-bucket"`) instead of copying it.
    copyTree(governedDir, join(work, "terraform"));
    const copy = GOVERNED[name] ? join(work, "terraform") : join(work, "fixtures", "tf", name);
    if (!GOVERNED[name]) copyTree(source.copy, copy);
    const dir = join(copy, source.root);
    const init = run(["init", "-input=false", "-no-color", "-backend=false", `-plugin-dir=${pluginDir}`], dir, `${name}: init`);
    const plan = run(["plan", "-input=false", "-no-color", "-lock=false", ...source.vars, "-out=fixture.tfplan"], dir, `${name}: plan`);
    const show = run(["show", "-json", "-no-color", "fixture.tfplan"], dir, `${name}: show`);
    let doc;
    try {
      doc = JSON.parse(show.stdout);
    } catch (e) {
      fail(`${name}: terraform show -json did not print JSON: ${e.message}`);
    }
    normalize(doc);
    const text = JSON.stringify(doc, null, 2) + "\n";
    if (text.includes(work)) fail(`${name}: the plan mentions the temporary directory ${work}`);
    const out = join(plansDir, `${name}.json`);
    writeFileSync(out, text);
    const changes = doc.resource_changes ?? [];
    const managed = changes.filter((c) => c.mode === "managed");
    const actions = [...new Set(changes.map((c) => c.change.actions.join("+")))].join(", ");
    console.log(
      `${name}: ${managed.length} managed resources (${changes.length - managed.length} data reads), actions: ${actions}; ` +
        `${(text.length / 1024).toFixed(0)} KiB -> fixtures/plans/${name}.json ` +
        `(init ${init.seconds}s, plan ${plan.seconds}s, show ${show.seconds}s)`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main() {
  checkPrerequisites();
  const trees = readdirSync(treesDir).filter((n) => statSync(join(treesDir, n)).isDirectory());
  for (const n of trees) if (GOVERNED[n]) fail(`fixtures/tf/${n} clashes with the fixture planned from ${GOVERNED[n].copy}`);
  const all = [...trees, ...Object.keys(GOVERNED)].sort();
  const wanted = process.argv.slice(2);
  for (const w of wanted) if (!all.includes(w)) fail(`no fixture ${w} (have: ${all.join(", ")})`);
  const names = wanted.length > 0 ? wanted : all;
  if (names.length === 0) fail(`no Terraform trees under ${treesDir}`);
  for (const name of names) makeFixture(name);
  console.log(`done: ${names.length} plan(s) written to fixtures/plans/`);
}

try {
  main();
} catch (e) {
  if (!(e instanceof FixtureError)) throw e;
  console.error(`make-fixtures: ${e.message}`);
  process.exitCode = 1;
}
