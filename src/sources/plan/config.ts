/**
 * `configuration`, read module by module into what the loader uses: the provider configurations,
 * and per module its outputs, variables, module calls and managed resources. A plan with many
 * module calls has tens of MB of configuration: neither its text nor its parsed objects are kept
 * whole. Each resource's `expressions` is flattened to attribute paths as soon as it is read, so
 * its parsed tree is garbage at once; references are resolved later (`references.ts`), when every
 * module they may point into has been read.
 */
import { SharedValues, type JsonBytes } from "./json.js";
import type { Interner } from "./paths.js";

type Json = Record<string, unknown>;

export interface Configuration {
  /** `provider_config` as parsed. */
  providers: unknown;
  root: ConfigModule;
}

export interface ConfigModule {
  /** `outputs` and `variables` as parsed: small, read by name, shared between calls of a module. */
  outputs: unknown;
  variables: unknown;
  calls: Map<string, ConfigCall>;
  resources: ConfigEntry[];
}

export interface ConfigCall {
  /** The call's arguments (`expressions`) as parsed, shared like outputs. */
  expressions: unknown;
  module: ConfigModule;
}

/** A managed resource of the configuration. */
export interface ConfigEntry {
  type: string;
  name: string;
  providerKey: string | undefined;
  expressions: FlatExpressions;
}

/**
 * A resource's `expressions` flattened: attribute paths (`rule.0.filter.0.prefix`) in order (a path
 * may repeat: the last wins), and for each the references written, undefined for a constant.
 * Shared by every resource whose `expressions` has the same bytes: never changed once built.
 */
export interface FlatExpressions {
  readonly paths: readonly string[];
  readonly refs: readonly (readonly string[] | undefined)[];
}

const NO_FLAT_EXPRESSIONS: FlatExpressions = Object.freeze({ paths: [], refs: [] });

export function emptyConfiguration(): Configuration {
  return { providers: undefined, root: emptyModule() };
}

function emptyModule(): ConfigModule {
  return { outputs: undefined, variables: undefined, calls: new Map(), resources: [] };
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** What reading the configuration needs besides the bytes. */
interface Reading {
  json: JsonBytes;
  intern: Interner;
  /**
   * Flattened `expressions`, and the parsed outputs, variables and call arguments, by their bytes:
   * every call of a module repeats them. Shared, so never changed.
   */
  flat: SharedValues<FlatExpressions>;
  parsed: SharedValues<unknown>;
}

const asParsed = (v: unknown) => v;

export function readConfiguration(json: JsonBytes, start: number, intern: Interner): { value: Configuration; end: number } {
  const value = emptyConfiguration();
  if (json.kind(start) !== "object") return { value, end: json.skip(start) };
  const reading: Reading = { json, intern, flat: new SharedValues(), parsed: new SharedValues() };
  const end = json.object(start, (key, at) => {
    if (key === "root_module") return into(readModule(reading, at), (m) => (value.root = m));
    if (key === "provider_config") return into(json.parse(at), (p) => (value.providers = p));
    return json.skip(at);
  });
  return { value, end };
}

function into<T>(read: { value: T; end: number }, set: (value: T) => void): number {
  set(read.value);
  return read.end;
}

function readModule(reading: Reading, start: number): { value: ConfigModule; end: number } {
  const json = reading.json;
  const value = emptyModule();
  if (json.kind(start) !== "object") return { value, end: json.skip(start) };
  const end = json.object(start, (key, at) => {
    switch (key) {
      case "outputs":
        return into(json.parseShared(at, reading.parsed, asParsed), (v) => (value.outputs = v));
      case "variables":
        return into(json.parseShared(at, reading.parsed, asParsed), (v) => (value.variables = v));
      case "resources": {
        // A repeated key: the last one wins, as with JSON.parse.
        const resources: ConfigEntry[] = (value.resources = []);
        if (json.kind(at) !== "array") return json.skip(at);
        return json.array(at, (el) =>
          into(readResource(reading, el), (r) => {
            if (r) resources.push(r);
          }),
        );
      }
      case "module_calls": {
        const calls = (value.calls = new Map<string, ConfigCall>());
        if (json.kind(at) !== "object") return json.skip(at);
        return json.object(at, (name, callAt) => {
          // Not an object: no call (a repeated name with an object again comes last, not first: never seen).
          calls.delete(name);
          if (json.kind(callAt) !== "object") return json.skip(callAt);
          return into(readCall(reading, callAt), (call) => calls.set(name, call));
        });
      }
      default:
        return json.skip(at);
    }
  });
  return { value, end };
}

function readCall(reading: Reading, start: number): { value: ConfigCall; end: number } {
  const json = reading.json;
  const value: ConfigCall = { expressions: undefined, module: emptyModule() };
  const end = json.object(start, (key, at) => {
    if (key === "expressions") return into(json.parseShared(at, reading.parsed, asParsed), (v) => (value.expressions = v));
    if (key === "module") return into(readModule(reading, at), (m) => (value.module = m));
    return json.skip(at);
  });
  return { value, end };
}

/** A configuration resource; undefined for a data source or anything without a type and name. */
function readResource(reading: Reading, start: number): { value: ConfigEntry | undefined; end: number } {
  const { json, intern } = reading;
  if (json.kind(start) !== "object") return { value: undefined, end: json.skip(start) };
  let mode: unknown;
  let type: unknown;
  let name: unknown;
  let providerKey: unknown;
  let expressions = NO_FLAT_EXPRESSIONS;
  const end = json.object(start, (key, at) => {
    let read: { value: unknown; end: number };
    switch (key) {
      case "expressions":
        return into(
          json.parseShared(at, reading.flat, (v) => flatten(v, intern)),
          (v) => (expressions = v),
        );
      case "mode":
      case "type":
      case "name":
      case "provider_config_key":
        read = json.parse(at);
        break;
      default:
        return json.skip(at);
    }
    if (key === "mode") mode = read.value;
    else if (key === "type") type = read.value;
    else if (key === "name") name = read.value;
    else providerKey = read.value;
    return read.end;
  });
  // Data sources are not resources of the inventory: nothing asks for their expressions.
  if (mode === "data" || typeof type !== "string" || typeof name !== "string") return { value: undefined, end };
  return { value: { type, name, providerKey: typeof providerKey === "string" ? providerKey : undefined, expressions }, end };
}

function flatten(expressions: unknown, intern: Interner): FlatExpressions {
  if (!isObject(expressions)) return NO_FLAT_EXPRESSIONS;
  const out = { paths: [] as string[], refs: [] as (string[] | undefined)[] };
  flattenInto(expressions, "", out, intern);
  return out;
}

function flattenInto(expressions: Json, prefix: string, out: { paths: string[]; refs: (string[] | undefined)[] }, intern: Interner): void {
  for (const [key, v] of Object.entries(expressions)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(v)) {
      // Nested blocks: an array of expression maps, indexed like the planned values.
      v.forEach((block, i) => {
        if (isObject(block)) flattenInto(block, `${path}.${i}`, out, intern);
      });
    } else if (isObject(v)) {
      if (isExpression(v)) {
        out.paths.push(intern.get(path));
        out.refs.push("constant_value" in v ? undefined : strings(v.references));
      }
      // A single nested block (`timeouts`) is rendered as a map, not an array.
      else flattenInto(v, path, out, intern);
    }
  }
}

/** An expression object has only `constant_value` and/or `references` (or nothing: e.g. `timestamp()`). */
function isExpression(v: Json): boolean {
  for (const key in v) if (key !== "constant_value" && key !== "references") return false;
  return true;
}

/** The strings of an array (`references`); [] for anything else. */
export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}
