import { spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, posix } from "node:path";
import type * as Sarif from "sarif";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FAIL_ON } from "../src/cli/exit-code.js";
import { scanOptions } from "../src/cli/common-options.js";
import { ROOT } from "./helpers/cli.js";
import { validateSarif } from "./helpers/sarif-schema.js";

// The composite action (action.yml) and the example workflow (docs/examples/cbguard-pr.yml):
// their structure, and the action's own shell steps run with bash the way a runner runs them.

interface Input {
  description: string;
  required?: boolean;
  default?: string;
}
interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string | boolean | number>;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  "working-directory"?: string;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, Input>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { "runs-on": string; steps: Step[] }>;
}

const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as Action;
const WORKFLOW_FILE = "docs/examples/cbguard-pr.yml";
const workflow = parse(readFileSync(join(ROOT, WORKFLOW_FILE), "utf8")) as Workflow;

/** Where make-fixtures finds the AWS provider offline (scripts/make-fixtures.mjs). */
const PLUGIN_DIR = process.env["TF_PLUGIN_DIR"] || "/opt/tf-plugins";
const NONCOMPLIANT = join(ROOT, "fixtures/plans/classboard-noncompliant.json");
const COMPLIANT = join(ROOT, "fixtures/plans/classboard-compliant.json");

const tmp = mkdtempSync(join(tmpdir(), "cbguard-action-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (label: string): string => {
  const d = join(tmp, `${label}-${++dirs}`);
  mkdirSync(d, { recursive: true });
  return d;
};

// ---------------------------------------------------------------------------------------------
// A runner for the action's steps: `${{ inputs.x }}` and `${{ steps.id.outputs.x }}` (the only
// expressions action.yml may use) are evaluated, `uses:` steps are checked and skipped (they
// install Node.js, which this machine has), `run:` steps go to `bash --noprofile --norc -eo
// pipefail` (GitHub's `shell: bash`) with the step's env, a GITHUB_OUTPUT file of their own and a
// shared GITHUB_STEP_SUMMARY. A failing step ends the run, as on a runner.
// ---------------------------------------------------------------------------------------------

interface StepRun {
  name: string;
  status: number | null;
  stdout: string;
  stderr: string;
  output: string;
  outputs: Record<string, string>;
}
interface ActionRun {
  steps: StepRun[];
  outputs: Record<string, string>;
  summary: string;
  /** Exit status of the last step that ran: what the job sees. */
  status: number | null;
  workspace: string;
}

const EXPRESSION = /\$\{\{\s*(.*?)\s*\}\}/g;

function evaluate(template: string, inputs: Record<string, string>, steps: Record<string, Record<string, string>>): string {
  return template.replace(EXPRESSION, (_, expr: string) => {
    const input = /^inputs\.([A-Za-z0-9_-]+)$/.exec(expr);
    if (input) {
      expect(action.inputs, `unknown input in ${expr}`).toHaveProperty([input[1]!]);
      return inputs[input[1]!] ?? action.inputs[input[1]!]!.default ?? "";
    }
    const output = /^steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)$/.exec(expr);
    if (output) return steps[output[1]!]?.[output[2]!] ?? "";
    throw new Error(`the test runner does not evaluate \${{ ${expr} }}`);
  });
}

/** `name=value` lines and `name<<DELIM` blocks, as the runner reads GITHUB_OUTPUT. */
function readOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      out[heredoc[1]!] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (line.includes("=")) {
      out[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return out;
}

/** The environment a step inherits on this machine, without our own GITHUB_* or CBGUARD_*. */
function baseEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(GITHUB_|CBGUARD_|RUNNER_)/.test(k)) env[k] = v;
  }
  return { ...env, NO_COLOR: "1", ...extra };
}

function runAction(
  inputs: Record<string, string>,
  options: { actionPath?: string; workspace?: string; env?: Record<string, string> } = {},
): ActionRun {
  const workspace = options.workspace ?? freshDir("workspace");
  const state = freshDir("runner");
  const summaryFile = join(state, "step-summary.md");
  writeFileSync(summaryFile, "");
  const stepOutputs: Record<string, Record<string, string>> = {};
  const steps: StepRun[] = [];
  let status: number | null = 0;

  action.runs.steps.forEach((step, n) => {
    if (status !== 0) return;
    const name = step.name ?? `step ${n}`;
    if (step.uses !== undefined) {
      // Only setup-node, and only when a version is asked for; the machine running the test has Node.
      expect(step.uses).toMatch(/^actions\/setup-node@v\d+$/);
      expect(step.if).toBe("inputs.node-version != ''");
      return;
    }
    expect(step.if, `${name}: a run step runs unconditionally (the runner here has no if: evaluator)`).toBeUndefined();
    const script = join(state, `step-${n}.sh`);
    const outputFile = join(state, `output-${n}`);
    writeFileSync(script, step.run!);
    writeFileSync(outputFile, "");
    const env = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(String(v), inputs, stepOutputs)]),
    );
    const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
      cwd: workspace,
      encoding: "utf8",
      env: baseEnv({
        GITHUB_ACTION_PATH: options.actionPath ?? ROOT.replace(/\/$/, ""),
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        RUNNER_TEMP: state,
        ...options.env,
        ...env,
      }),
    });
    const output = readFileSync(outputFile, "utf8");
    const outputs = readOutputs(output);
    if (step.id !== undefined) stepOutputs[step.id] = outputs;
    steps.push({ name, status: r.status, stdout: r.stdout, stderr: r.stderr, output, outputs });
    status = r.status;
  });

  const outputs = Object.fromEntries(
    Object.entries(action.outputs).map(([k, o]) => [k, evaluate(o.value, inputs, stepOutputs)]),
  );
  return { steps, outputs, summary: readFileSync(summaryFile, "utf8"), status, workspace };
}

/** A workspace holding the plan where a workflow would have written it. */
function workspaceWithPlan(plan: string, at = "plans/tfplan.json"): string {
  const ws = freshDir("workspace");
  mkdirSync(join(ws, posix.dirname(at)), { recursive: true });
  copyFileSync(plan, join(ws, at));
  return ws;
}

// ---------------------------------------------------------------------------------------------

describe("action.yml", () => {
  const runSteps = action.runs.steps.filter((s) => s.run !== undefined);

  it("is a composite action named classboard-guard", () => {
    expect(action.name).toBe("classboard-guard");
    expect(action.description).toBeTruthy();
    expect(action.runs.using).toBe("composite");
    expect(runSteps.length).toBeGreaterThanOrEqual(3);
  });

  it("declares its inputs, with only the plan required", () => {
    expect(Object.keys(action.inputs).sort()).toEqual(
      [
        "config",
        "fail-on",
        "fail-on-unknown",
        "node-version",
        "plan",
        "runbook-base-url",
        "sarif-category",
        "sarif-file",
        "source",
        "step-summary",
        "waivers",
        "working-directory",
      ].sort(),
    );
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toBeTruthy();
      expect(input.required === true, name).toBe(name === "plan");
      // A default is always a string: YAML's true or 1 would reach the script as "true"/"1" anyway,
      // but the docs should show what the script compares against.
      if (name !== "plan") expect(typeof input.default, name).toBe("string");
    }
    // fail-on gates like the CLI does, by default and in what it accepts.
    expect(action.inputs["fail-on"]!.default).toBe(scanOptions["fail-on"].default);
    expect(FAIL_ON).toContain(action.inputs["fail-on"]!.default);
    expect(action.inputs["sarif-file"]!.default).toBe("cbguard.sarif");
    expect(action.inputs["working-directory"]!.default).toBe(".");
  });

  it("has the outputs sarif-file and exit-code from the scan step", () => {
    expect(Object.keys(action.outputs).sort()).toEqual(["exit-code", "sarif-file"]);
    expect(action.outputs["sarif-file"]!.value).toBe("${{ steps.scan.outputs.sarif-file }}");
    expect(action.outputs["exit-code"]!.value).toBe("${{ steps.scan.outputs.exit-code }}");
    expect(action.runs.steps.filter((s) => s.id === "scan")).toHaveLength(1);
  });

  it("runs every script with bash and passes inputs only through env (no ${{ }} in any script)", () => {
    for (const step of runSteps) {
      expect(step.shell, step.name).toBe("bash");
      expect(step.run, step.name).not.toContain("${{");
      expect(step["working-directory"], `${step.name}: cd in the script instead`).toBeUndefined();
      for (const value of Object.values(step.env ?? {})) {
        // An env value is one whole expression, never a template with text around it.
        expect(String(value), step.name).toMatch(/^\$\{\{ (inputs|steps\.[a-z-]+\.outputs)\.[a-z-]+ \}\}$/);
      }
    }
    const used = new Set(
      action.runs.steps.flatMap((s) => [
        ...Object.values(s.env ?? {}).map(String),
        ...Object.values(s.with ?? {}).map(String),
        s.if ?? "",
      ]).flatMap((v) => [...v.matchAll(/inputs\.([a-z-]+)/g)].map((m) => m[1]!)),
    );
    expect([...used].sort()).toEqual(Object.keys(action.inputs).sort());
  });

  it("on the non-compliant plan: writes valid SARIF and the step summary, then fails the job with exit code 1", () => {
    const run = runAction({ plan: "plans/tfplan.json" }, { workspace: workspaceWithPlan(NONCOMPLIANT) });
    const [install, scan, gate] = run.steps;
    expect(run.steps).toHaveLength(3);
    // Installed and built already: the install step uses the copy as it is.
    expect(install!.status, install!.stderr).toBe(0);
    expect(install!.stdout).toContain("cbguard: using the copy already installed");
    expect(scan!.status, scan!.stderr).toBe(0);
    expect(scan!.output).toContain("exit-code=1\n");

    const sarifFile = join(run.workspace, "cbguard.sarif");
    expect(run.outputs).toEqual({ "exit-code": "1", "sarif-file": sarifFile });
    const log = JSON.parse(readFileSync(sarifFile, "utf8")) as Sarif.Log;
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    const results = log.runs[0]!.results!;
    expect(results.length).toBeGreaterThan(0);
    // Run from the workspace, the plan's location is repository-relative, as code scanning needs.
    const uris = new Set(results.map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri));
    expect(uris).toContain("plans/tfplan.json");

    expect(run.summary.split("\n")[0]).toMatch(/^### ❌ cbguard plan scan: \d+ failed/);
    expect(run.summary).toContain("#### Failures");
    expect(run.summary).toContain("| Critical | High | Medium | Low |");

    expect(gate!.status).toBe(1);
    expect(gate!.stdout).toContain("::error title=cbguard::unwaived failures at or above fail-on");
    expect(run.status).toBe(1);
  }, 60_000);

  it("on the compliant plan: exit code 0 and a passing summary", () => {
    const run = runAction({ plan: "plans/tfplan.json" }, { workspace: workspaceWithPlan(COMPLIANT) });
    expect(run.steps.map((s) => s.status)).toEqual([0, 0, 0]);
    expect(run.status).toBe(0);
    expect(run.outputs["exit-code"]).toBe("0");
    const log = JSON.parse(readFileSync(run.outputs["sarif-file"]!, "utf8")) as Sarif.Log;
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(log.runs[0]!.results).toEqual([]);
    expect(run.summary.split("\n")[0]).toBe("### ✅ cbguard plan scan: all checks passed");
  }, 60_000);

  it("fail-on none never fails the job, and paths resolve against working-directory", () => {
    const ws = workspaceWithPlan(NONCOMPLIANT, "infra/plans/tfplan.json");
    const run = runAction(
      { plan: "plans/tfplan.json", "fail-on": "none", "working-directory": "infra", "sarif-file": "out.sarif", "step-summary": "false" },
      { workspace: ws },
    );
    expect(run.status).toBe(0);
    expect(run.outputs).toEqual({ "exit-code": "0", "sarif-file": join(ws, "infra", "out.sarif") });
    expect(existsSync(join(ws, "infra", "out.sarif"))).toBe(true);
    expect(run.summary).toBe("");
  }, 60_000);

  it("on an unreadable plan: exit code 2, no SARIF output, the summary says so", () => {
    const run = runAction({ plan: "missing/tfplan.json" });
    const scan = run.steps[1]!;
    expect(scan.status).toBe(0);
    expect(scan.stderr).toMatch(/^cbguard: .*missing\/tfplan\.json/m);
    expect(run.outputs).toEqual({ "exit-code": "2", "sarif-file": "" });
    expect(run.summary).toContain("cbguard could not read its input");
    expect(run.status).toBe(2);
  }, 60_000);
});

describe("action.yml passes inputs as data", () => {
  // A stand-in for the cbguard checkout: records each invocation, writes the files it is asked
  // for, and exits with FAKE_EXIT. A stand-in npm records the install.
  function fakeActionPath(installed: boolean): { dir: string; log: string; bin: string } {
    const dir = freshDir("action path");
    const log = join(dir, "calls.jsonl");
    mkdirSync(join(dir, "bin"));
    writeFileSync(
      join(dir, "bin/cbguard.js"),
      `import { appendFileSync, writeFileSync } from "node:fs";
const args = process.argv.slice(2);
if (args[0] === "--version") { console.log("0.0.0-fake"); process.exit(0); }
appendFileSync(process.env.FAKE_LOG, JSON.stringify({ args, cwd: process.cwd() }) + "\\n");
const o = args.indexOf("--output");
if (o >= 0) writeFileSync(args[o + 1], "{}");
if (args.includes("--format") && args[args.indexOf("--format") + 1] === "markdown") process.stdout.write("# fake summary\\n");
process.exitCode = Number(process.env.FAKE_EXIT ?? "0");
`,
    );
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
    if (installed) {
      mkdirSync(join(dir, "node_modules"));
      writeFileSync(join(dir, "node_modules/.package-lock.json"), "{}");
      mkdirSync(join(dir, "dist/cli"), { recursive: true });
      writeFileSync(join(dir, "dist/cli/main.js"), "");
    }
    const bin = join(dir, "fake-bin");
    mkdirSync(bin);
    writeFileSync(
      join(bin, "npm"),
      `#!/usr/bin/env bash
echo "npm $* (in $PWD)" >> "$FAKE_LOG.npm"
if [ "$1" = ci ]; then mkdir -p node_modules && echo '{}' > node_modules/.package-lock.json; fi
if [ "$1 $2" = "run build" ]; then mkdir -p dist/cli && : > dist/cli/main.js; fi
`,
    );
    chmodSync(join(bin, "npm"), 0o755);
    return { dir, log, bin };
  }
  const calls = (log: string): { args: string[]; cwd: string }[] =>
    readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { args: string[]; cwd: string });

  it("passes every set input as one argument, however it is quoted, and runs nothing from it", () => {
    const fake = fakeActionPath(true);
    const ws = freshDir("workspace");
    mkdirSync(join(ws, "sub dir"));
    const hostile = 'plans/my plan $(touch pwned) `touch pwned2` "x";touch pwned3.json';
    const run = runAction(
      {
        plan: hostile,
        source: "terraform dir/",
        waivers: "waivers $HOME.yaml",
        config: "cfg'.yaml",
        "runbook-base-url": "https://example.com/r?a=1&b=$(id)",
        "fail-on": "high",
        "fail-on-unknown": "true",
        "sarif-file": "out dir/c.sarif",
        "sarif-category": "cat egory",
        "working-directory": "sub dir",
      },
      { actionPath: fake.dir, workspace: ws, env: { FAKE_LOG: fake.log, FAKE_EXIT: "3" } },
    );
    const [sarifRun, markdownRun] = calls(fake.log);
    const common = [
      "plan",
      hostile,
      "--fail-on",
      "high",
      "--source",
      "terraform dir/",
      "--waivers",
      "waivers $HOME.yaml",
      "--config",
      "cfg'.yaml",
      "--runbook-base-url",
      "https://example.com/r?a=1&b=$(id)",
      "--fail-on-unknown",
    ];
    expect(sarifRun!.args).toEqual([
      ...common,
      "--sarif-category",
      "cat egory",
      "--format",
      "sarif",
      "--output",
      join(ws, "sub dir", "out dir/c.sarif"),
    ]);
    expect(markdownRun!.args).toEqual([...common, "--format", "markdown"]);
    expect(sarifRun!.cwd).toBe(join(ws, "sub dir"));
    for (const f of ["pwned", "pwned2", "pwned3.json"]) {
      expect(existsSync(join(ws, f))).toBe(false);
      expect(existsSync(join(ws, "sub dir", f))).toBe(false);
    }
    expect(run.summary).toBe("# fake summary\n");
    expect(run.outputs["exit-code"]).toBe("3");
    expect(run.steps[2]!.stdout).toContain("fail-on-unknown is set");
    expect(run.status).toBe(3);
  }, 60_000);

  it("leaves unset inputs out of the command line", () => {
    const fake = fakeActionPath(true);
    const run = runAction({ plan: "tfplan.json" }, { actionPath: fake.dir, env: { FAKE_LOG: fake.log } });
    expect(run.status).toBe(0);
    const [sarifRun, markdownRun] = calls(fake.log);
    expect(sarifRun!.args).toEqual([
      "plan",
      "tfplan.json",
      "--fail-on",
      "low",
      "--format",
      "sarif",
      "--output",
      join(run.workspace, "cbguard.sarif"),
    ]);
    expect(markdownRun!.args).toEqual(["plan", "tfplan.json", "--fail-on", "low", "--format", "markdown"]);
  }, 60_000);

  it("installs and builds its own checkout when it is not installed yet", () => {
    const fake = fakeActionPath(false);
    const run = runAction(
      { plan: "tfplan.json" },
      { actionPath: fake.dir, env: { FAKE_LOG: fake.log, PATH: `${fake.bin}${delimiter}${process.env["PATH"] ?? ""}` } },
    );
    expect(run.steps[0]!.status, run.steps[0]!.stderr).toBe(0);
    expect(readFileSync(`${fake.log}.npm`, "utf8")).toBe(
      `npm ci --ignore-scripts --include=dev --no-audit --no-fund (in ${fake.dir})\nnpm run build (in ${fake.dir})\n`,
    );
    expect(run.status).toBe(0);
  }, 60_000);
});

describe(WORKFLOW_FILE, () => {
  const jobs = Object.values(workflow.jobs);
  const steps = jobs[0]!.steps;
  const cbguardStep = steps.find((s) => s.uses === "./")!;
  const terraformStep = steps.find((s) => s.run?.includes("terraform show -json") === true)!;
  const uploadStep = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@") === true)!;
  const TF_DIR = "terraform/environments/production";

  it("runs on pull requests with only the permissions it needs", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(workflow.permissions).toEqual({ contents: "read", "security-events": "write" });
    expect(jobs).toHaveLength(1);
  });

  it("checks out, sets up Terraform without its stdout wrapper, plans, runs the action, uploads the SARIF", () => {
    const order = [
      steps.findIndex((s) => s.uses?.startsWith("actions/checkout@") === true),
      steps.findIndex((s) => s.uses?.startsWith("hashicorp/setup-terraform@") === true),
      steps.indexOf(terraformStep),
      steps.indexOf(cbguardStep),
      steps.indexOf(uploadStep),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const setup = steps[order[1]!]!;
    expect(setup.with?.["terraform_wrapper"]).toBe(false);
  });

  it("makes the plan JSON in the production environment, with production.tfvars", () => {
    expect(terraformStep["working-directory"]).toBe(TF_DIR);
    const commands = terraformCommands();
    expect(commands[0]).toMatch(/^terraform init\b/);
    expect(commands[1]).toMatch(/^terraform plan\b.* -var-file=production\.tfvars\b.* -out=tfplan$/);
    expect(commands[2]).toBe("terraform show -json tfplan > tfplan.json");
    expect(terraformStep.run).not.toContain("${{");
  });

  it("gives the action the plan that step wrote, and only inputs the action declares", () => {
    expect(cbguardStep.id).toBeTruthy();
    expect(existsSync(join(ROOT, cbguardStep.uses!, "action.yml"))).toBe(true);
    expect(cbguardStep.with?.["plan"]).toBe(`${TF_DIR}/tfplan.json`);
    for (const key of Object.keys(cbguardStep.with ?? {})) expect(action.inputs).toHaveProperty([key]);
    for (const [key, input] of Object.entries(action.inputs)) {
      if (input.required === true) expect(cbguardStep.with).toHaveProperty([key]);
    }
  });

  it("uploads the SARIF file the action wrote, even when the action failed the job", () => {
    expect(uploadStep.uses).toBe("github/codeql-action/upload-sarif@v3");
    expect(uploadStep.if).toMatch(/^always\(\)/);
    expect(uploadStep.with?.["sarif_file"]).toBe(`\${{ steps.${cbguardStep.id!}.outputs.sarif-file }}`);
    expect(action.outputs).toHaveProperty(["sarif-file"]);
    expect(uploadStep.with?.["category"]).toBe("cbguard-plan");
  });

  // terraform/environments/production is written alongside this test; until it lands, the paths
  // are only checked for shape above.
  const haveEnvironment = existsSync(join(ROOT, TF_DIR));

  it.skipIf(!haveEnvironment)("refers to a var file and variables the environment has", () => {
    const commands = terraformCommands().join(" ");
    for (const [, file] of commands.matchAll(/-var-file=(\S+)/g)) {
      expect(existsSync(join(ROOT, TF_DIR, file!)), `${TF_DIR}/${file}`).toBe(true);
    }
    const declared = readdirSync(join(ROOT, TF_DIR))
      .filter((f) => f.endsWith(".tf"))
      .map((f) => readFileSync(join(ROOT, TF_DIR, f), "utf8"))
      .join("\n");
    for (const [, name] of commands.matchAll(/-var (\w+)=/g)) {
      expect(declared, `variable "${name}" in ${TF_DIR}`).toMatch(new RegExp(`variable\\s+"${name}"`));
    }
  });

  // The whole job, offline: the checkout is a copy of terraform/, setup-terraform is the
  // terraform on PATH with providers from the local plugin mirror, the Terraform step's script
  // runs as written (its env, its working directory), the action runs with the step's `with:`,
  // and the upload step's sarif_file, evaluated, names a valid SARIF file.
  const offline = haveEnvironment && hasTerraform() && existsSync(PLUGIN_DIR);
  it.skipIf(!offline)("runs end to end: plan, action, and the SARIF the upload step would send", () => {
    const ws = freshDir("checkout");
    cpSync(join(ROOT, "terraform"), join(ws, "terraform"), {
      recursive: true,
      filter: (src) => !/[\\/](\.terraform|tfplan(\.json)?|\.terraform\.lock\.hcl)$/.test(src),
    });
    const cliConfig = join(ws, "..", `tfrc-${dirs}`);
    writeFileSync(
      cliConfig,
      `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(PLUGIN_DIR)}
    include = ["registry.terraform.io/*/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
`,
    );
    const stepEnv = Object.fromEntries(Object.entries(terraformStep.env ?? {}).map(([k, v]) => [k, String(v)]));
    const env = baseEnv({ TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: "1", ...stepEnv });
    for (const k of Object.keys(env)) if (/^(AWS_|TF_VAR_)/.test(k) && !(k in stepEnv)) delete env[k];
    const tf = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", terraformStep.run!], {
      cwd: join(ws, terraformStep["working-directory"]!),
      env,
      encoding: "utf8",
    });
    expect(tf.status, tf.stderr).toBe(0);

    const inputs = Object.fromEntries(Object.entries(cbguardStep.with ?? {}).map(([k, v]) => [k, String(v)]));
    const run = runAction(inputs, { workspace: ws });
    const scan = run.steps[1]!;
    expect(scan.status, scan.stderr).toBe(0);
    expect(["0", "1"]).toContain(run.outputs["exit-code"]);
    expect(run.status).toBe(Number(run.outputs["exit-code"]));

    const sarifFile = uploadStep.with!["sarif_file"]!.toString().replace(EXPRESSION, (_, expr: string) => {
      const m = new RegExp(`^steps\\.${cbguardStep.id!}\\.outputs\\.([a-z-]+)$`).exec(expr);
      expect(m, expr).not.toBeNull();
      return run.outputs[m![1]!] ?? "";
    });
    expect(sarifFile).toBe(join(ws, "cbguard.sarif"));
    const log = JSON.parse(readFileSync(sarifFile, "utf8")) as Sarif.Log;
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(log.runs[0]!.results!.length > 0).toBe(run.outputs["exit-code"] === "1");
    expect(run.summary).toMatch(/^### (✅|❌|⚠️) cbguard plan scan: /);
    expect(run.summary).toContain(`from <code>${TF_DIR.replace(/_/g, "\\_")}/tfplan.json</code>`);
  }, 180_000);
});

function terraformCommands(): string[] {
  const step = Object.values(workflow.jobs)[0]!.steps.find((s) => s.run?.includes("terraform show -json") === true)!;
  return step.run!.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
}

function hasTerraform(): boolean {
  return spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;
}
