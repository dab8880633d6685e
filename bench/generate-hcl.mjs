#!/usr/bin/env node
// Writes a synthetic Terraform repository of about N lines of .tf (counted as `wc -l` counts them),
// built from ClassBoard's own source (terraform/): the production root calling many local modules.
//
//   node bench/generate-hcl.mjs <N> <out-dir> [terraform-dir]
//
// Layout of <out-dir> (the same depth as terraform/, so `../../modules/...` sources still resolve):
//   environments/production/   the root: versions.tf, providers.tf, variables.tf, outputs.tf and
//                              main.tf (its `locals`) copied from the production root, production.tfvars,
//                              and one tenant-<i>.tf per tenant
//   modules/<module>-v<c>/     copy c of each ClassBoard module (terraform/modules/*)
//
// Two effects, both real, in a fixed proportion at every size:
// - many distinct files to parse: module copies are separate directories of real source, with every
//   resource and data source renamed (`resource "aws_kms_key" "data"` → `"data_v<c>"`, and each
//   reference to it), and `../secure-bucket` re-pointed at a secure-bucket copy; each directory is
//   read and parsed on its own (a module directory is parsed once however many calls use it);
// - module instantiation: tenant-<i>.tf holds the production root's ten module calls as
//   `module "tenant_<i>_<module>"`, wired to each other as in production, their sources pointing at
//   copy ((i - 1) mod C + 1) of each module (C = the module's copy count), and names tagged per tenant
//   (`name_prefix = "${var.name_prefix}-t<i>"`), so each tenant is a whole ClassBoard stack; the
//   nested secure-bucket calls (4 in storage, 1 in audit: 15 module instances per stack)
//   instantiate further.
// The module source is sized to TENANTS_PER_LIBRARY tenants per full set of module copies, i.e.
// each module directory is instantiated about that many times. The budget after the fixed root
// files is split accordingly: K tenants, then module copies added round-robin (in the production
// call order) while they fit, never more copies of a module than callers reach (an unreachable copy
// would not be scanned). The result lands within one small module of N (under 1% from 10k lines
// up; the smallest repository, one whole stack, is about 3.3k lines).
// Deterministic: the same N and source tree give the same bytes.

import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const DEFAULT_TERRAFORM = fileURLToPath(new URL("../terraform", import.meta.url));
/** Tenants per full set of module copies: each module directory is called about this often. */
export const TENANTS_PER_LIBRARY = 2;
const ROOT = join("environments", "production");

/** Lines as `wc -l` counts them: newline characters. */
export const lineCount = (text) => {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
};

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const tfFiles = (dir) => readdirSync(dir).filter((f) => f.endsWith(".tf") && statSync(join(dir, f)).isFile()).sort();

/** A module directory's .tf files, { name: text }. */
function readModule(dir) {
  return Object.fromEntries(tfFiles(dir).map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

/** Module directories a module calls (`source = "../<name>"`). */
const localCalls = (files) => [...Object.values(files).join("\n").matchAll(/source\s*=\s*"\.\.\/([A-Za-z0-9_-]+)"/g)].map((m) => m[1]);

/**
 * Copy `tag` of a module: resources and data sources renamed `<name>_<tag>`, and every reference
 * with them; `../<module>` sources re-pointed at `../<dirOf(module)>`.
 */
function renameModule(files, tag, dirOf) {
  const all = Object.values(files).join("\n");
  const decls = [...all.matchAll(/^(resource|data)\s+"([A-Za-z0-9_-]+)"\s+"([A-Za-z0-9_-]+)"/gm)].map((m) => ({ mode: m[1], type: m[2], name: m[3] }));
  const out = {};
  for (const [file, text] of Object.entries(files)) {
    let t = text;
    for (const d of decls) {
      const renamed = `${d.name}_${tag}`;
      t = t.replace(new RegExp(`^(${d.mode}\\s+"${escape(d.type)}"\\s+)"${escape(d.name)}"`, "gm"), `$1"${renamed}"`);
      // A data source's references start `data.`; a resource's are not preceded by a dot or word.
      t = d.mode === "data"
        ? t.replace(new RegExp(`\\bdata\\.${escape(d.type)}\\.${escape(d.name)}\\b`, "g"), `data.${d.type}.${renamed}`)
        : t.replace(new RegExp(`(?<![\\w.])${escape(d.type)}\\.${escape(d.name)}\\b`, "g"), `${d.type}.${renamed}`);
    }
    t = t.replace(/(source\s*=\s*)"\.\.\/([A-Za-z0-9_-]+)"/g, (_, a, m) => `${a}"../${dirOf(m)}"`);
    out[file] = t;
  }
  return out;
}

/** The production root's module calls (main.tf without its locals) and the names they use. */
function splitRoot(mainTf) {
  const start = mainTf.search(/^module\s+"/m);
  if (start === -1) throw new Error("production main.tf: no module calls");
  const head = mainTf.slice(0, start);
  const calls = mainTf.slice(start);
  const names = [...calls.matchAll(/^module\s+"([A-Za-z0-9_-]+)"/gm)].map((m) => m[1]);
  const sources = Object.fromEntries([...calls.matchAll(/^module\s+"([A-Za-z0-9_-]+)"\s*\{\s*\n\s*source\s*=\s*"\.\.\/\.\.\/modules\/([A-Za-z0-9_-]+)"/gm)].map((m) => [m[1], m[2]]));
  for (const n of names) if (!sources[n]) throw new Error(`production main.tf: module "${n}" has no ../../modules/ source as its first argument`);
  return { head, calls, names, sources };
}

/** Tenant `id`'s file: the production module calls, renamed, tagged and pointed at its module copies. */
function tenantFile(root, id, dirOf) {
  let t = root.calls;
  const alt = root.names.map(escape).join("|");
  t = t.replace(new RegExp(`^module\\s+"(${alt})"`, "gm"), `module "tenant_${id}_$1"`);
  t = t.replace(new RegExp(`\\bmodule\\.(${alt})\\b`, "g"), `module.tenant_${id}_$1`);
  t = t.replace(/(source\s*=\s*)"\.\.\/\.\.\/modules\/([A-Za-z0-9_-]+)"/g, (_, a, m) => `${a}"../../modules/${dirOf(m)}"`);
  t = t.replace(/=\s*var\.name_prefix\b/g, `= "\${var.name_prefix}-t${id}"`);
  return `# Tenant ${id}: the production stack's module calls (generated by bench/generate-hcl.mjs).\n\n${t}`;
}

/** Lines of one tenant's file (ids and copy tags are zero-padded; their width changes no line count). */
function perTenantLines(root) {
  return lineCount(tenantFile(root, "000", (m) => `${m}-v000`));
}

/**
 * The plan of a repository of about `n` lines: tenants K, copies per module, line counts.
 * Pure: reads the source tree only.
 */
export function planHcl(n, terraformDir = DEFAULT_TERRAFORM) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`N must be a positive integer, got ${n}`);
  const rootDir = join(terraformDir, ROOT);
  const rootFiles = readModule(rootDir);
  const root = splitRoot(rootFiles["main.tf"]);
  const modulesDir = join(terraformDir, "modules");
  const moduleNames = readdirSync(modulesDir).filter((m) => statSync(join(modulesDir, m)).isDirectory()).sort();
  const called = [...new Set(root.names.map((c) => root.sources[c]))];
  // Production call order, then modules only other modules call (secure-bucket).
  const order = [...called, ...moduleNames.filter((m) => !called.includes(m))];
  const moduleText = Object.fromEntries(order.map((m) => [m, readModule(join(modulesDir, m))]));
  const moduleLines = Object.fromEntries(order.map((m) => [m, Object.values(moduleText[m]).reduce((s, t) => s + lineCount(t), 0)]));
  const library = order.reduce((s, m) => s + moduleLines[m], 0);

  const fixedFiles = { ...rootFiles, "main.tf": root.head.replace(/\s*$/, "\n") };
  // outputs.tf is rewritten to name tenant 1's modules: the same number of lines.
  const fixed = Object.values(fixedFiles).reduce((s, t) => s + lineCount(t), 0);
  const perTenant = perTenantLines(root);
  const smallest = fixed + perTenant + library;
  if (n < smallest) throw new Error(`N = ${n}: a repository holds at least one whole stack, ${smallest} lines`);
  const budget = n - fixed;
  // K tenants and K / TENANTS_PER_LIBRARY sets of modules share the budget.
  const k = Math.max(1, Math.round(budget / (perTenant + library / TENANTS_PER_LIBRARY)));
  const copies = Object.fromEntries(order.map((m) => [m, 0]));
  let moduleBudget = budget - k * perTenant;
  // One copy of every module whatever the budget: each stack needs them all.
  for (const m of order) {
    copies[m] = 1;
    moduleBudget -= moduleLines[m];
  }
  // How many copies of a module its callers can reach: tenant i calls copy ((i - 1) mod C + 1) of
  // each root module; copy j of a module calls copy ((j - 1) mod C + 1) of each module it calls
  // (storage and audit call secure-bucket).
  const reach = (m) => (called.includes(m) ? k : Math.max(0, ...order.filter((p) => localCalls(moduleText[p]).includes(m)).map((p) => copies[p])));
  for (let added = true; added;) {
    added = false;
    for (const m of order) {
      if (copies[m] < reach(m) && moduleLines[m] <= moduleBudget) {
        copies[m]++;
        moduleBudget -= moduleLines[m];
        added = true;
      }
    }
  }
  const width = Math.max(3, String(k).length);
  const tfLines = fixed + k * perTenant + order.reduce((s, m) => s + copies[m] * moduleLines[m], 0);
  // Module instances per tenant stack: the root's calls and, recursively, the local calls inside them.
  const instances = (m) => 1 + localCalls(moduleText[m]).reduce((s, c) => s + instances(c), 0);
  const perStack = root.names.reduce((s, c) => s + instances(root.sources[c]), 0);
  return { n, k, width, order, copies, moduleLines, library, fixed, perTenant, perStack, tfLines, rootFiles, root, moduleText };
}

/** Writes the repository into `outDir` (replaced); returns what it holds. */
export function generateHcl(n, outDir, terraformDir = DEFAULT_TERRAFORM) {
  const p = planHcl(n, terraformDir);
  const tag = (c) => `v${String(c).padStart(p.width, "0")}`;
  const id = (i) => String(i).padStart(p.width, "0");
  const dirName = (m, c) => `${m}-${tag(c)}`;

  const tmp = `${outDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  let lines = 0;
  let files = 0;
  const write = (path, text) => {
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, text);
    if (path.endsWith(".tf")) {
      lines += lineCount(text);
      files++;
    }
  };
  try {
    for (const m of p.order) {
      for (let c = 1; c <= p.copies[m]; c++) {
        const renamed = renameModule(p.moduleText[m], tag(c), (child) => dirName(child, ((c - 1) % p.copies[child]) + 1));
        for (const [file, text] of Object.entries(renamed)) write(join(tmp, "modules", dirName(m, c), file), text);
      }
    }
    const rootOut = join(tmp, ROOT);
    const first = id(1);
    for (const [file, text] of Object.entries(p.rootFiles)) {
      if (file === "main.tf") write(join(rootOut, file), p.root.head.replace(/\s*$/, "\n"));
      else if (file === "outputs.tf") write(join(rootOut, file), text.replace(new RegExp(`\\bmodule\\.(${p.root.names.map(escape).join("|")})\\b`, "g"), `module.tenant_${first}_$1`));
      else write(join(rootOut, file), text);
    }
    const rootDir = join(terraformDir, ROOT);
    for (const f of readdirSync(rootDir).filter((f) => f.endsWith(".tfvars"))) write(join(rootOut, f), readFileSync(join(rootDir, f), "utf8"));
    for (let i = 1; i <= p.k; i++) {
      const copyOf = (m) => dirName(m, ((i - 1) % p.copies[m]) + 1);
      write(join(rootOut, `tenant-${id(i)}.tf`), tenantFile(p.root, id(i), copyOf));
    }
    rmSync(outDir, { recursive: true, force: true });
    renameSync(tmp, outDir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  if (lines !== p.tfLines) throw new Error(`generate-hcl: wrote ${lines} lines, planned ${p.tfLines}`);
  const moduleDirs = p.order.reduce((s, m) => s + p.copies[m], 0);
  return {
    lines, files, tenants: p.k, moduleDirs, copies: p.copies, library: p.library, perTenant: p.perTenant, fixed: p.fixed,
    moduleInstances: p.k * p.perStack,
    root: join(outDir, ROOT),
    varFile: join(outDir, ROOT, "production.tfvars"),
    moduleLines: p.order.reduce((s, m) => s + p.copies[m] * p.moduleLines[m], 0),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [nArg, out, terraform] = process.argv.slice(2);
  if (!nArg || !out) {
    console.error("usage: node bench/generate-hcl.mjs <N> <out-dir> [terraform-dir]");
    process.exit(2);
  }
  const started = Date.now();
  let r;
  try {
    r = generateHcl(Number(nArg), out, terraform);
  } catch (err) {
    console.error(`generate-hcl: ${err.message}`);
    process.exit(2);
  }
  console.log(`${out}: ${r.lines} lines of .tf in ${r.files} files (asked ${nArg}, ${((100 * (r.lines - Number(nArg))) / Number(nArg)).toFixed(1)}%): ` +
    `${r.tenants} tenant stacks (${r.moduleInstances} module instances) in ${r.root}, ${r.moduleDirs} module directories (${r.moduleLines} lines; copies ${Object.entries(r.copies).map(([m, c]) => `${m} ${c}`).join(", ")}), ${Date.now() - started} ms`);
}
