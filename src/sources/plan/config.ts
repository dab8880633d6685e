/**
 * `configuration`, read module by module and resource by resource into the same plain objects
 * JSON.parse would give: a plan with many module calls has tens of MB of configuration, which
 * parsed in one piece would need all its text in memory at once.
 */
import type { JsonBytes } from "./json.js";

type Json = Record<string, unknown>;

export function readConfiguration(json: JsonBytes, start: number): { value: unknown; end: number } {
  if (json.kind(start) !== "object") return json.parse(start);
  const value: Json = {};
  const end = json.object(start, (key, at) => {
    if (key === "root_module") return into(value, key, readModule(json, at));
    return into(value, key, json.parse(at));
  });
  return { value, end };
}

function readModule(json: JsonBytes, start: number): { value: unknown; end: number } {
  if (json.kind(start) !== "object") return json.parse(start);
  const value: Json = {};
  const end = json.object(start, (key, at) => {
    if (key === "resources" && json.kind(at) === "array") {
      const resources: unknown[] = [];
      value[key] = resources;
      return json.array(at, (el) => {
        const r = json.parse(el);
        resources.push(r.value);
        return r.end;
      });
    }
    if (key === "module_calls" && json.kind(at) === "object") {
      const calls: Json = {};
      value[key] = calls;
      return json.object(at, (name, callAt) => into(calls, name, readCall(json, callAt)));
    }
    return into(value, key, json.parse(at));
  });
  return { value, end };
}

function readCall(json: JsonBytes, start: number): { value: unknown; end: number } {
  if (json.kind(start) !== "object") return json.parse(start);
  const value: Json = {};
  const end = json.object(start, (key, at) => into(value, key, key === "module" ? readModule(json, at) : json.parse(at)));
  return { value, end };
}

function into(target: Json, key: string, read: { value: unknown; end: number }): number {
  target[key] = read.value;
  return read.end;
}
