/**
 * A resource's region from `configuration.provider_config`. Keys differ by Terraform version:
 * "aws" / "aws.replica" (root, or a provider passed down in 1.1+), "module.a.module.b:aws"
 * (0.13 to 1.0, often an empty entry for an inherited provider), "b:aws" (0.12: last call name only).
 */
import type { ConfigIndex, ModuleContext } from "./references.js";

type Json = Record<string, unknown>;

function obj(v: unknown): Json {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {};
}

const MAX_DEPTH = 32;

export class RegionResolver {
  private readonly providers: Json;
  /** Regions by module, then provider key. */
  private readonly cache = new Map<ModuleContext, Map<string, string | undefined>>();

  constructor(
    providers: unknown,
    private readonly variables: unknown,
    private readonly index: ConfigIndex,
  ) {
    this.providers = obj(providers);
  }

  /**
   * `providerKey` is the resource's `provider_config_key`; without one (no configuration for the
   * resource) the default provider named by the type prefix is looked up from its module upwards.
   */
  regionFor(providerKey: string | undefined, context: ModuleContext | undefined, type: string): string | undefined {
    const start = context ?? this.index.root;
    let known = this.cache.get(start);
    if (!known) this.cache.set(start, (known = new Map()));
    // Without a provider key, the default provider named by the type prefix.
    const key = providerKey ?? `=${type.split("_")[0]}`;
    if (known.has(key)) return known.get(key);
    const region = this.lookup(providerKey, start, type);
    known.set(key, region);
    return region;
  }

  private lookup(providerKey: string | undefined, start: ModuleContext, type: string): string | undefined {
    const colon = providerKey?.lastIndexOf(":") ?? -1;
    const local = providerKey === undefined ? (type.split("_")[0] ?? type) : providerKey.slice(colon + 1);
    if (providerKey !== undefined) {
      const entry = this.providers[providerKey];
      if (entry !== undefined) {
        const region = obj(obj(entry).expressions).region;
        // A key without a module part is a root provider (1.1+ also uses it for passed providers).
        if (region !== undefined) return this.evaluate(region, colon === -1 ? this.index.root : this.owner(start, providerKey.slice(0, colon)), 0);
        if (colon === -1) return undefined;
      }
    }
    // Not configured here: the nearest enclosing module with a configuration of that provider.
    for (let c: ModuleContext | undefined = start; c; c = c.parent) {
      const candidates = c.parent ? [`${c.path}:${local}`, `${c.names[c.names.length - 1]}:${local}`] : [local];
      for (const key of candidates) {
        const entry = this.providers[key];
        if (entry === undefined) continue;
        const region = obj(obj(entry).expressions).region;
        if (region !== undefined) return this.evaluate(region, c, 0);
        // A root provider without region takes it from the environment: unknown here.
        if (!c.parent) return undefined;
      }
    }
    return undefined;
  }

  /** The module a "prefix:aws" key belongs to: itself or the nearest ancestor it names. */
  private owner(start: ModuleContext, prefix: string): ModuleContext {
    for (let c: ModuleContext | undefined = start; c; c = c.parent) {
      if (c.path === prefix || c.names[c.names.length - 1] === prefix) return c;
    }
    return this.index.module(prefix) ?? start;
  }

  /** A string from a constant, or a `var.` followed up through module calls to the root variables. */
  private evaluate(expression: unknown, context: ModuleContext, depth: number): string | undefined {
    const e = obj(expression);
    if ("constant_value" in e) return typeof e.constant_value === "string" ? e.constant_value : undefined;
    const refs = Array.isArray(e.references) ? e.references : [];
    const names = new Set<string>();
    for (const ref of refs) {
      const m = typeof ref === "string" ? /^var\.([A-Za-z0-9_-]+)$/.exec(ref) : null;
      if (!m) return undefined; // a local, a data source, a function of several values: not static
      names.add(m[1]!);
    }
    const [name] = names;
    if (names.size !== 1 || name === undefined || depth > MAX_DEPTH) return undefined;
    if (!context.parent) {
      const given = obj(this.variables)[name];
      if (given !== undefined) {
        const value = obj(given).value;
        return typeof value === "string" ? value : undefined;
      }
    } else {
      const argument = obj(context.args)[name];
      if (argument !== undefined) return this.evaluate(argument, context.parent, depth + 1);
    }
    // Not given (old plans lack `variables`; a caller may not pass it): the variable's default.
    const fallback = obj(obj(context.variables)[name]).default;
    return typeof fallback === "string" ? fallback : undefined;
  }
}
