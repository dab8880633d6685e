/** `planned_values`: the root module and its `child_modules` at any depth, one resource at a time. */
import { SharedValues, type JsonBytes } from "./json.js";
import { ifMarking } from "./paths.js";

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
  // `sensitive_values` trees by their bytes: resources of a type mostly have the same.
  const sensitive = new SharedValues<unknown>();
  return json.object(start, (key, at) => (key === "root_module" ? readModule(json, at, out, sensitive) : json.skip(at)));
}

function readModule(json: JsonBytes, start: number, out: PlannedModule[], sensitive: SharedValues<unknown>): number {
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
        if (json.kind(el) !== "object") return json.skip(el);
        const r: PlannedResource = { address: undefined, mode: undefined, type: undefined, name: undefined, values: undefined, sensitiveValues: undefined, marked: false };
        const end = json.object(el, (field, fieldAt) => {
          let read: { value: unknown; end: number };
          switch (field) {
            case "sensitive_values":
              read = json.parseShared(fieldAt, sensitive, ifMarking);
              r.sensitiveValues = read.value;
              r.marked = true;
              return read.end;
            case "address":
            case "mode":
            case "type":
            case "name":
            case "values": // parsed for each resource, never shared: values are redacted in place
              read = json.parse(fieldAt);
              break;
            default:
              return json.skip(fieldAt);
          }
          if (field === "address") r.address = typeof read.value === "string" ? read.value : undefined;
          else r[field] = read.value;
          return read.end;
        });
        // Data sources are read but not kept: they are not resources.
        if (r.mode !== "data") module.resources.push(r);
        return end;
      });
    }
    if (key === "child_modules" && json.kind(at) === "array") {
      return json.array(at, (el) => readModule(json, el, out, sensitive));
    }
    return json.skip(at);
  });
}
