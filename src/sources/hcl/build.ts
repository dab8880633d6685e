/**
 * Resource instances → canonical Resources: known values, unknown paths, sensitive values redacted,
 * expressions with resolved references, and where each attribute is written.
 */
import { REDACTED, type Location, type Resource } from "../../model/resource.js";
import { Interner, NO_PATHS, redactSecretNames } from "../plan/paths.js";
import { waiverComments } from "./comments.js";
import type { ModuleInstance, ResourceInstance } from "./modules.js";
import type { Regions } from "./providers.js";
import { References } from "./references.js";
import type { Span } from "./syntax.js";
import { Lazy, UNKNOWN, isMap, type Value } from "./values.js";

export class ResourceBuilder {
  private readonly intern = new Interner();
  private readonly locations = new WeakMap<Span, Location>();

  constructor(
    private readonly references: References,
    private readonly regions: Regions,
  ) {}

  /** Every managed resource instance of a module instance and the modules it calls, depth first. */
  collect(module: ModuleInstance, out: Resource[]): void {
    for (const decl of module.config.resources) {
      for (const instance of module.instancesOf(decl)) out.push(this.build(instance));
    }
    for (const name of module.config.calls.keys()) {
      for (const child of module.childCall(name)?.instances ?? []) this.collect(child, out);
    }
  }

  private location(span: Span): Location {
    let l = this.locations.get(span);
    if (!l) this.locations.set(span, (l = Object.freeze({ file: span.file, startLine: span.startLine, endLine: span.endLine })));
    return l;
  }

  private build(instance: ResourceInstance): Resource {
    const body = instance.body()!;
    const unknown = new Set<string>();
    const values = known(body.values, "", unknown, this.intern) as Record<string, unknown>;
    const sensitive = new Set<string>();
    const expressions: Resource["expressions"] = {};
    const attributeLocations: Record<string, Location> = {};
    for (const block of body.blocks) attributeLocations[this.intern.get(block.path)] = this.location(block.block.span);
    for (const entry of body.attributes) {
      const path = this.intern.get(entry.path);
      const r = this.references.forAttribute(instance, entry);
      expressions[path] = References.expression(r);
      attributeLocations[path] = this.location(entry.attribute.span);
      if (r.sensitive) redactAt(values, path, sensitive, this.intern);
    }
    // No provider schema here: names say what is secret, as for a plan without sensitivity marks.
    redactSecretNames(instance.decl.type, values, false, sensitive, this.intern);
    const decl = instance.decl;
    const resource: Resource = {
      address: instance.address,
      type: decl.type,
      modulePath: instance.module.address,
      baseAddress: instance.baseAddress,
      values,
      unknown: this.intern.set(unknown),
      sensitive: sensitive.size > 0 ? this.intern.set(sensitive) : NO_PATHS,
      expressions,
      location: this.location(decl.block.span),
      attributeLocations,
      source: "hcl",
    };
    const waivers = waiverComments(decl.file, decl.block.span);
    if (waivers.length > 0) resource.waiverComments = waivers;
    const region = this.regions.forResource(instance);
    if (region !== undefined) resource.region = region;
    return resource;
  }
}

/**
 * A fresh copy of the known part of a value (values are shared between resources, and redaction
 * writes into the copy): an UNKNOWN leaves its key out, and its path goes to `unknown`. A list
 * with an unknown element is unknown as a whole, as a set is in a plan (most AWS lists are sets,
 * and a list read with a hole in it would compare as if the hole were null).
 */
function known(v: Value, path: string, unknown: Set<string>, intern: Interner): unknown {
  if (v === UNKNOWN || v instanceof Lazy || (Array.isArray(v) && v.some((e) => e === UNKNOWN || e instanceof Lazy))) {
    unknown.add(intern.get(path));
    return undefined;
  }
  if (Array.isArray(v)) {
    return v.map((e, i) => known(e, path ? `${path}.${i}` : String(i), unknown, intern));
  }
  if (isMap(v)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      const k = known(v[key]!, path ? `${path}.${key}` : key, unknown, intern);
      if (k !== undefined) Object.defineProperty(out, key, { value: k, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return v;
}

/** Replaces the value at a dotted path by REDACTED (when it holds one) and marks the path. */
function redactAt(values: Record<string, unknown>, path: string, sensitive: Set<string>, intern: Interner): void {
  sensitive.add(intern.get(path));
  const parts = path.split(".");
  let cur: unknown = values;
  for (let i = 0; i < parts.length - 1; i++) {
    if (typeof cur !== "object" || cur === null) return;
    cur = (cur as Record<string, unknown>)[parts[i]!];
  }
  const last = parts[parts.length - 1]!;
  if (typeof cur === "object" && cur !== null) {
    const holder = cur as Record<string, unknown>;
    if (holder[last] !== undefined && holder[last] !== null) holder[last] = REDACTED;
  }
}
