/** `planned_values`: the root module and its `child_modules` at any depth, one resource parsed at a time. */
import type { JsonBytes } from "./json.js";
import { hasTrue } from "./paths.js";

/** A planned resource as read; `values` is the parsed object itself, never a copy. */
export interface PlannedResource {
  address: string | undefined;
  mode: unknown;
  type: unknown;
  name: unknown;
  values: unknown;
  /** `sensitive_values` (format 1.0+) when it marks something. */
  sensitiveValues: unknown;
  /** The resource had `sensitive_values` at all: the plan carries sensitivity marks. */
  marked: boolean;
}

export interface PlannedModule {
  /** Module instance address (`module.a["x"].module.b`), "" for the root. */
  address: string;
  resources: PlannedResource[];
}

/** Reads `planned_values` starting at `start`, appending every module found to `out`; returns the end. */
export function readPlannedValues(json: JsonBytes, start: number, out: PlannedModule[]): number {
  if (json.kind(start) !== "object") return json.skip(start);
  return json.object(start, (key, at) => (key === "root_module" ? readModule(json, at, out) : json.skip(at)));
}

function readModule(json: JsonBytes, start: number, out: PlannedModule[]): number {
  if (json.kind(start) !== "object") return json.skip(start);
  // "address" comes after "resources" in Terraform's output, so it is filled in when met. Without
  // one (never seen), the resources' own addresses still place them.
  const module: PlannedModule = { address: "", resources: [] };
  out.push(module);
  return json.object(start, (key, at) => {
    if (key === "address") {
      const { value, end } = json.parse(at);
      if (typeof value === "string") module.address = value;
      return end;
    }
    if (key === "resources" && json.kind(at) === "array") {
      return json.array(at, (el) => {
        const { value, end } = json.parse(el);
        if (typeof value === "object" && value !== null && !Array.isArray(value)) {
          const r = value as Record<string, unknown>;
          // Data sources are read but not kept: they are not resources.
          if (r.mode !== "data") {
            module.resources.push({
              address: typeof r.address === "string" ? r.address : undefined,
              mode: r.mode,
              type: r.type,
              name: r.name,
              values: r.values,
              sensitiveValues: hasTrue(r.sensitive_values) ? r.sensitive_values : undefined,
              marked: r.sensitive_values !== undefined,
            });
          }
        }
        return end;
      });
    }
    if (key === "child_modules" && json.kind(at) === "array") {
      return json.array(at, (el) => readModule(json, el, out));
    }
    return json.skip(at);
  });
}
