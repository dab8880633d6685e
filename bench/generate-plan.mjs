#!/usr/bin/env node
// Writes a synthetic `terraform show -json` plan with exactly N managed resources, in the shape of
// a real Terraform 1.11 plan of the ClassBoard stack.
//
//   node bench/generate-plan.mjs <N> <out.json> [template.json]
//
// The template (default fixtures/plans/classboard-compliant.json, about 140 managed resources in 10
// modules, 4 of them nested bucket modules with split S3 resources) is cloned K = ceil(N / its resource count)
// times as `module.tenant_<i>`, each copy holding the whole stack (its 10 module calls, resources,
// data sources, provider alias). The last copy is trimmed so that planned_values holds exactly N
// managed resources. Each copy is rewritten consistently:
// - planned_values, resource_changes, prior_state and relevant_attributes: every address and
//   module_address gets the `module.tenant_<i>.` prefix;
// - configuration: the stack's root module becomes the module of the `tenant_<i>` call, whose
//   arguments pass the root variables through (`var.x`); references inside it stay module-relative,
//   exactly as Terraform writes them, so they resolve through module outputs and inputs as before;
// - names: `classboard-production` (and `_`, `/` forms) becomes `classboard-t<i>-production`
//   everywhere, so bucket names, ARNs and other values that join resources stay unique per copy.
// Unknown ids stay unknown (after_unknown), so split S3 resources still reach their bucket only
// through configuration references.
//
// Output is compact JSON (as `terraform show -json` writes it), streamed to disk one copy at a
// time; it is deterministic: the same N and template give the same bytes.

import { closeSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const DEFAULT_TEMPLATE = fileURLToPath(new URL("../fixtures/plans/classboard-compliant.json", import.meta.url));

/** Managed resources of a planned_values module tree, in document order. */
function managedAddresses(module, out = []) {
  for (const r of module.resources ?? []) if (r.mode === "managed") out.push(r.address);
  for (const c of module.child_modules ?? []) managedAddresses(c, out);
  return out;
}

/** A planned_values / prior_state module tree keeping only the managed resources in `keep`. */
function trimModule(module, keep) {
  const resources = (module.resources ?? []).filter((r) => r.mode !== "managed" || keep.has(r.address));
  const children = (module.child_modules ?? []).map((c) => trimModule(c, keep)).filter((c) => c !== undefined);
  if (resources.length === 0 && children.length === 0 && module.address !== undefined) return undefined;
  const out = {};
  for (const key of Object.keys(module)) {
    if (key === "resources") {
      if (resources.length > 0) out.resources = resources;
    } else if (key === "child_modules") {
      if (children.length > 0) out.child_modules = children;
    } else out[key] = module[key];
  }
  return out;
}

/** `module.a.module.b.aws_x.y["k"]` → `module.a.module.b\0aws_x.y` (configuration's key). */
function configKey(address) {
  const parts = [];
  let rest = address;
  for (;;) {
    const m = /^module\.([A-Za-z0-9_-]+)(\[[^\]]*\])?\./.exec(rest);
    if (!m) break;
    parts.push(`module.${m[1]}`);
    rest = rest.slice(m[0].length);
  }
  const local = rest.replace(/\[.*$/, "");
  return `${parts.join(".")}\u0000${local}`;
}

/** The configuration root module, keeping the managed resources whose key is in `keep`. */
function trimConfig(node, path, keep) {
  const out = {};
  for (const key of Object.keys(node)) {
    if (key === "resources") {
      out.resources = node.resources.filter((r) => r.mode !== "managed" || keep.has(`${path}\u0000${r.type}.${r.name}`));
    } else if (key === "module_calls") {
      out.module_calls = {};
      for (const [name, call] of Object.entries(node.module_calls)) {
        const childPath = path ? `${path}.module.${name}` : `module.${name}`;
        out.module_calls[name] = { ...call, module: trimConfig(call.module, childPath, keep) };
      }
    } else out[key] = node[key];
  }
  return out;
}

/**
 * One copy of the stack as JSON text fragments, with `__TENANT__` where the module prefix goes and
 * `__TAG__` where the name tag goes. `keep` (a Set of addresses) trims it; undefined keeps all.
 */
function fragments(plan, keep) {
  const pv = keep ? trimModule(plan.planned_values.root_module, keep) : plan.planned_values.root_module;
  const changes = keep ? plan.resource_changes.filter((c) => c.mode !== "managed" || keep.has(c.address)) : plan.resource_changes;
  const configKeep = keep ? new Set([...keep].map(configKey)) : undefined;
  const config = configKeep ? trimConfig(plan.configuration.root_module, "", configKeep) : plan.configuration.root_module;
  const managed = new Set(managedAddresses(plan.planned_values.root_module));
  // Attributes of a trimmed resource go with it; data sources and the rest stay.
  const relevant = (plan.relevant_attributes ?? []).filter((a) => !keep || keep.has(a.resource) || !managed.has(a.resource));
  const prior = plan.prior_state?.values?.root_module;

  const placeholders = (text, addresses) => {
    let t = text.replace(/classboard([-_/])production/g, "classboard$1__TAG__$1production");
    // Every string that starts with "module." in these parts is an address or module_address.
    if (addresses) t = t.replaceAll('"module.', '"__TENANT__.module.');
    return t;
  };
  const list = (items) => items.map((x) => placeholders(JSON.stringify(x), true)).join(",");

  const variables = Object.keys(plan.configuration.root_module.variables ?? {});
  const call = {
    source: "./modules/classboard",
    expressions: Object.fromEntries(variables.map((v) => [v, { references: [`var.${v}`] }])),
    module: config,
  };
  return {
    planned: placeholders(JSON.stringify({ address: "__TENANT__", child_modules: pv?.child_modules ?? [] }), true),
    changes: list(changes),
    prior: prior ? placeholders(JSON.stringify({ address: "__TENANT__", child_modules: prior.child_modules ?? [] }), true) : undefined,
    call: placeholders(JSON.stringify(call), false),
    relevant: list(relevant),
  };
}

/** One copy's text for the tenant module `name`, with names tagged `tag`. */
function fill(text, name, tag) {
  return text.replaceAll("__TENANT__", `module.${name}`).replaceAll("__TAG__", tag);
}

export function generatePlan(n, outFile, templateFile = DEFAULT_TEMPLATE) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`N must be a positive integer, got ${n}`);
  const plan = JSON.parse(readFileSync(templateFile, "utf8"));
  if (plan.planned_values?.root_module?.resources?.length) {
    throw new Error("template has resources in the root module: only module trees are cloned");
  }
  const all = managedAddresses(plan.planned_values.root_module);
  const per = all.length;
  const k = Math.ceil(n / per);
  const lastCount = n - per * (k - 1);
  const full = fragments(plan);
  const last = lastCount === per ? full : fragments(plan, new Set(all.slice(0, lastCount)));
  const width = Math.max(4, String(k).length);
  const tenant = (i) => {
    const id = String(i).padStart(width, "0");
    return { name: `tenant_${id}`, tag: `t${id}` };
  };
  const first = tenant(1);

  // Root outputs: the first copy's, re-pointed through its module call.
  const rootOutputs = {};
  for (const [name, o] of Object.entries(plan.configuration.root_module.outputs ?? {})) {
    rootOutputs[name] = { ...o, expression: { references: [`module.${first.name}.${name}`, `module.${first.name}`] } };
  }
  const nameFix = (x) => JSON.stringify(x).replace(/classboard([-_/])production/g, `classboard$1${first.tag}$1production`);

  const tmp = `${outFile}.tmp-${process.pid}`;
  const fd = openSync(tmp, "w");
  let pending = "";
  let bytes = 0;
  const write = (s) => {
    pending += s;
    if (pending.length >= 1 << 20) flush();
  };
  const flush = () => {
    if (pending.length === 0) return;
    bytes += writeSync(fd, pending);
    pending = "";
  };
  const eachTenant = (pick, sep = ",") => {
    for (let i = 1; i <= k; i++) {
      const t = tenant(i);
      const text = pick(i === k ? last : full);
      if (text === undefined || text === "") continue;
      if (i > 1) write(sep);
      write(fill(text, t.name, t.tag));
    }
  };

  try {
    write(`{"format_version":${JSON.stringify(plan.format_version)},"terraform_version":${JSON.stringify(plan.terraform_version)}`);
    write(`,"variables":${JSON.stringify(plan.variables)}`);
    write(`,"planned_values":{"outputs":${nameFix(plan.planned_values.outputs ?? {})},"root_module":{"child_modules":[`);
    eachTenant((f) => f.planned);
    write("]}}");
    write(`,"resource_changes":[`);
    eachTenant((f) => f.changes);
    write("]");
    write(`,"output_changes":${nameFix(plan.output_changes ?? {})}`);
    if (plan.prior_state) {
      const ps = plan.prior_state;
      write(`,"prior_state":{"format_version":${JSON.stringify(ps.format_version)},"terraform_version":${JSON.stringify(ps.terraform_version)}`);
      write(`,"values":{"outputs":${nameFix(ps.values?.outputs ?? {})},"root_module":{"child_modules":[`);
      eachTenant((f) => f.prior);
      write("]}}}");
    }
    const cfg = plan.configuration;
    write(`,"configuration":{"provider_config":${JSON.stringify(cfg.provider_config)},"root_module":{"outputs":${JSON.stringify(rootOutputs)},"module_calls":{`);
    for (let i = 1; i <= k; i++) {
      const t = tenant(i);
      if (i > 1) write(",");
      write(`${JSON.stringify(t.name)}:${fill((i === k ? last : full).call, t.name, t.tag)}`);
    }
    write(`},"variables":${JSON.stringify(cfg.root_module.variables ?? {})}}}`);
    if (plan.relevant_attributes) {
      write(`,"relevant_attributes":[`);
      eachTenant((f) => f.relevant);
      write("]");
    }
    for (const key of ["timestamp", "applyable", "complete", "errored"]) {
      if (key in plan) write(`,${JSON.stringify(key)}:${JSON.stringify(plan[key])}`);
    }
    write("}\n");
    flush();
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, outFile);
  return { resources: n, tenants: k, perTenant: per, bytes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [nArg, out, template] = process.argv.slice(2);
  if (!nArg || !out) {
    console.error("usage: node bench/generate-plan.mjs <N> <out.json> [template.json]");
    process.exit(2);
  }
  const started = Date.now();
  const r = generatePlan(Number(nArg), out, template);
  console.log(`${out}: ${r.resources} managed resources in ${r.tenants} copies of the ${r.perTenant}-resource stack, ` +
    `${(r.bytes / 1e6).toFixed(1)} MB, ${Date.now() - started} ms`);
}
