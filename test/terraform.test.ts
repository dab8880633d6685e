import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers/cli.js";

/**
 * The governed stack in terraform/ is real Terraform: it formats clean, validates, and plans offline
 * with the AWS provider from a local plugin directory and mock credentials. The plan it makes is the
 * committed fixture fixtures/plans/classboard-compliant.json (scripts/make-fixtures.mjs writes it
 * the same way), so a change to terraform/ without `npm run fixtures -- classboard-compliant` fails
 * here. Runs only where Terraform and the provider are installed; elsewhere the suite is skipped and
 * its name says why.
 */

const TERRAFORM_DIR = join(ROOT, "terraform");
const PRODUCTION = join("environments", "production");
const FIXTURE = join(ROOT, "fixtures", "plans", "classboard-compliant.json");
const PLUGIN_DIR = process.env.TF_PLUGIN_DIR || "/opt/tf-plugins";
const AWS_PLUGINS = join(PLUGIN_DIR, "registry.terraform.io", "hashicorp", "aws");
const TIMEOUT = 60_000;

/** TERRAFORM, /usr/local/bin/terraform, or the first terraform on PATH. */
function findTerraform(): string | undefined {
  const candidates = [process.env.TERRAFORM, "/usr/local/bin/terraform", ...(process.env.PATH ?? "").split(delimiter).filter(Boolean).map((d) => join(d, "terraform"))];
  return candidates.find((c): c is string => !!c && existsSync(c) && statSync(c).isFile());
}

const terraform = findTerraform();
const hasProvider = existsSync(AWS_PLUGINS) && readdirSync(AWS_PLUGINS).length > 0;
const available = terraform !== undefined && hasProvider;
const title = available
  ? `terraform/ with ${terraform} and the AWS provider from ${PLUGIN_DIR}`
  : `terraform/ (skipped: terraform or the AWS provider plugin dir not found; ` +
    `terraform ${terraform ?? "not on PATH nor /usr/local/bin"}, plugins ${hasProvider ? PLUGIN_DIR : `missing under ${AWS_PLUGINS}`})`;

/** Offline, no CLI config, mock credentials; nothing from the caller's TF_* or AWS_* environment. */
function env(): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("TF_") && !k.startsWith("AWS_")) out[k] = v;
  return {
    ...out,
    TF_CLI_CONFIG_FILE: "/dev/null",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
    AWS_ACCESS_KEY_ID: "mock",
    AWS_SECRET_ACCESS_KEY: "mock",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

function tf(args: string[], cwd: string) {
  const started = Date.now();
  // -no-color right after the subcommand: flags after a positional argument are not parsed.
  const r = spawnSync(terraform!, [args[0]!, "-no-color", ...args.slice(1)], { cwd, env: env(), encoding: "utf8", maxBuffer: 1 << 28, timeout: TIMEOUT });
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", output: `${r.stdout}\n${r.stderr}`, seconds: (Date.now() - started) / 1000 };
}

interface Change {
  address: string;
  mode: string;
  change: { actions: string[]; after: unknown; after_unknown: unknown };
}
const managed = (plan: { resource_changes?: Change[] }) => (plan.resource_changes ?? []).filter((c) => c.mode === "managed");

// The default reporter shows a skipped file only as "skipped": say why where it is visible.
if (!available) console.warn(`test/terraform.test.ts: ${title}`);

describe.skipIf(terraform === undefined)(`terraform fmt${terraform ? "" : " (skipped: terraform not found)"}`, () => {
  it("terraform/ is formatted (terraform fmt -check -recursive terraform/)", () => {
    const r = tf(["fmt", "-check", "-recursive", "terraform"], ROOT);
    expect(r.status, `files terraform fmt would change:\n${r.output}`).toBe(0);
  }, TIMEOUT);
});

describe.skipIf(!available)(title, () => {
  let work = "";
  let root = "";

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "cbguard-terraform-"));
    // A copy, so no .terraform/, lock file or plan lands in the repository.
    cpSync(TERRAFORM_DIR, join(work, "terraform"), {
      recursive: true,
      filter: (src) => !/^(\.terraform|\.terraform\.lock\.hcl|.*\.tfstate(\.backup)?|.*\.tfplan)$/.test(basename(src)),
    });
    root = join(work, "terraform", PRODUCTION);
    const init = tf(["init", "-input=false", "-backend=false", `-plugin-dir=${PLUGIN_DIR}`], root);
    expect(init.status, init.output).toBe(0);
  }, TIMEOUT);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("validates without errors or warnings", () => {
    const r = tf(["validate", "-json"], root);
    const result = JSON.parse(r.stdout) as { valid: boolean; error_count: number; warning_count: number; diagnostics: unknown[] };
    expect(result, JSON.stringify(result.diagnostics, null, 1)).toMatchObject({ valid: true, error_count: 0, warning_count: 0 });
    expect(r.status).toBe(0);
  }, TIMEOUT);

  it("plans offline with production.tfvars, and the plan is the committed fixture", () => {
    const plan = tf(["plan", "-input=false", "-lock=false", "-var-file=production.tfvars", "-var", "offline_plan=true", "-out=production.tfplan"], root);
    expect(plan.status, plan.output).toBe(0);
    expect(plan.output).not.toMatch(/Warning:/);

    const show = tf(["show", "-json", "production.tfplan"], root);
    expect(show.status, show.stderr).toBe(0);
    const made = managed(JSON.parse(show.stdout) as { resource_changes?: Change[] });
    const committed = managed(JSON.parse(readFileSync(FIXTURE, "utf8")) as { resource_changes?: Change[] });

    const stale = "fixtures/plans/classboard-compliant.json is not the plan of terraform/: run npm run fixtures -- classboard-compliant";
    expect(made.length, stale).toBe(committed.length);
    expect(made.map((c) => c.address).sort(), stale).toEqual(committed.map((c) => c.address).sort());
    for (const c of made) expect(c.change.actions, c.address).toEqual(["create"]);
    const byAddress = new Map(committed.map((c) => [c.address, c.change]));
    for (const c of made) {
      const before = byAddress.get(c.address)!;
      expect({ after: c.change.after, after_unknown: c.change.after_unknown }, `${c.address}: ${stale}`).toEqual({
        after: before.after,
        after_unknown: before.after_unknown,
      });
    }
  }, TIMEOUT);
});
