import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { InputError } from "../model/errors.js";
import type { ParamSpec } from "./load.js";

export const CONFIG_NAME = ".cbguard.yaml";

export interface Config {
  /** Where it was read from, or undefined when none was found. */
  file?: string;
  params: Record<string, unknown>;
  runbookBaseUrl?: string;
}

/** The nearest .cbguard.yaml from `start` upward, as git and eslint find theirs. */
export function findConfig(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_NAME);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

export function readConfig(file: string | undefined): Config {
  if (!file) return { params: {} };
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, "utf8")) ?? {};
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? String((e as Error).message).split("\n")[0];
    throw new InputError(`${file}: cannot read config: ${why}`, file);
  }
  if (typeof doc !== "object" || Array.isArray(doc) || doc === null) throw new InputError(`${file}: config must be a YAML mapping`, file);
  const { params = {}, runbookBaseUrl, ...rest } = doc as Record<string, unknown>;
  const unknownKeys = Object.keys(rest);
  if (unknownKeys.length) throw new InputError(`${file}: unknown key "${unknownKeys[0]}" (expected params, runbookBaseUrl)`, file);
  if (typeof params !== "object" || Array.isArray(params) || params === null) throw new InputError(`${file}: params must be a mapping`, file);
  if (runbookBaseUrl !== undefined && typeof runbookBaseUrl !== "string") throw new InputError(`${file}: runbookBaseUrl must be a string`, file);
  return { file, params: params as Record<string, unknown>, ...(runbookBaseUrl ? { runbookBaseUrl } : {}) };
}

const kind = (v: unknown): string => (Array.isArray(v) ? "list" : v === null ? "null" : typeof v);

/** Guide defaults overlaid with the config's values; a name or type the rules do not know is an error. */
export function resolveParams(specs: Record<string, ParamSpec>, config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) out[name] = spec.default;
  for (const [name, value] of Object.entries(config.params)) {
    const spec = specs[name];
    const where = config.file ?? "config";
    if (!spec) throw new InputError(`${where}: unknown parameter "${name}" (see cbguard rules list)`, where);
    if (kind(value) !== kind(spec.default)) {
      throw new InputError(`${where}: parameter "${name}" must be a ${kind(spec.default)}, got a ${kind(value)}`, where);
    }
    out[name] = value;
  }
  return out;
}
