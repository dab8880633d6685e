/**
 * Builds small `terraform show -json` plans for the plan loader's tests, in the shapes Terraform
 * 1.x writes (checked against real Terraform 1.11 output).
 */

type Json = Record<string, unknown>;

const ADDRESS = /^((?:module\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.)*)(data\.)?([A-Za-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\[(.+)\])?$/;

/** A planned_values resource; type, name, mode and index come from the address. */
export function planned(address: string, values: Json = {}, extra: Json = {}): Json {
  const m = ADDRESS.exec(address);
  if (!m) throw new Error(`bad test address ${address}`);
  const [, , data, type, name, key] = m;
  const r: Json = {
    address,
    mode: data ? "data" : "managed",
    type,
    name,
    provider_name: "registry.terraform.io/hashicorp/aws",
    schema_version: 0,
    values,
    sensitive_values: {},
    ...extra,
  };
  if (key !== undefined) r.index = /^\d+$/.test(key) ? Number(key) : JSON.parse(key);
  return r;
}

/** A resource_changes entry. */
export function change(address: string, actions: string[], fields: Json = {}, extra: Json = {}): Json {
  const m = ADDRESS.exec(address)!;
  const [, module, data, type, name] = m;
  return {
    address,
    ...(module ? { module_address: module.slice(0, -1) } : {}),
    mode: data ? "data" : "managed",
    type,
    name,
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: { actions, before: null, after: {}, after_unknown: {}, before_sensitive: false, after_sensitive: {}, ...fields },
    ...extra,
  };
}

/** A planned_values module. */
export function mod(address: string, resources: Json[], children: Json[] = []): Json {
  return {
    resources,
    ...(address ? { address } : {}),
    ...(children.length ? { child_modules: children } : {}),
  };
}

/** A configuration resource (address relative to its module). */
export function configResource(address: string, expressions: Json = {}, providerKey = "aws", extra: Json = {}): Json {
  const m = ADDRESS.exec(address)!;
  const [, , data, type, name] = m;
  return { address, mode: data ? "data" : "managed", type, name, provider_config_key: providerKey, expressions, schema_version: 0, ...extra };
}

export const ref = (...references: string[]): Json => ({ references });
export const lit = (value: unknown): Json => ({ constant_value: value });

export function region(value: string | Json): Json {
  return {
    name: "aws",
    full_name: "registry.terraform.io/hashicorp/aws",
    expressions: { region: typeof value === "string" ? lit(value) : value },
  };
}

export interface PlanParts {
  formatVersion?: string;
  root?: Json;
  changes?: Json[];
  configuration?: Json;
  variables?: Json;
  extra?: Json;
}

export function planJson(parts: PlanParts): string {
  return JSON.stringify({
    format_version: parts.formatVersion ?? "1.2",
    terraform_version: "1.11.4",
    ...(parts.variables ? { variables: parts.variables } : {}),
    planned_values: { root_module: parts.root ?? mod("", []) },
    resource_changes: parts.changes ?? [],
    ...(parts.configuration ? { configuration: parts.configuration } : {}),
    ...parts.extra,
  });
}
