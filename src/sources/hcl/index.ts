/**
 * The HCL source: a directory of `.tf` files (and the local modules it calls, recursively) →
 * Inventory, evaluated as far as static knowledge goes. What is not known before apply is unknown.
 * Bad input is a one-line InputError; nothing of a file but the parser's message is shown.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../model/errors.js";
import type { Inventory, Resource } from "../../model/resource.js";
import { ResourceBuilder } from "./build.js";
import { listConfigFiles, readModuleDir, type ModuleConfig } from "./config.js";
import { isLocalSource, ModuleInstance, type ScanContext } from "./modules.js";
import { SyntaxVerdicts } from "./parser.js";
import { Regions } from "./providers.js";
import { References } from "./references.js";
import { rootVariables, type VariableInput } from "./variables.js";

export type { VariableInput } from "./variables.js";

export interface HclOptions {
  /** `--var-file` and `--var`, in command-line order (later wins). */
  variables?: readonly VariableInput[];
}

export async function loadHclDir(dir: string, options: HclOptions = {}): Promise<Inventory> {
  checkDirectory(dir);
  if (listConfigFiles(dir).files.length === 0) throw new InputError(`${dir}: no .tf files in this directory`, dir);
  const notes: string[] = [];
  const verdicts = new SyntaxVerdicts();
  const resources: Resource[] = [];
  try {
    const configs = await readModuleTree(dir, notes, verdicts);
    const root = configs.get(dir)!;
    const ctx: ScanContext = { configs, rootVars: await rootVariables(dir, root, options.variables ?? []), rootDir: dir, notes };
    const references = new References();
    new ResourceBuilder(references, new Regions()).collect(new ModuleInstance(ctx, root, "", references), resources);
  } catch (err) {
    // A syntax error explains more than what followed from it: it is reported first.
    const syntax = await verdicts.firstError();
    throw syntax !== undefined ? new InputError(syntax) : err;
  }
  // The scan went on while HCL's parser checked every file; a syntax error still fails it.
  const syntax = await verdicts.firstError();
  if (syntax !== undefined) throw new InputError(syntax);

  const inventory: Inventory = {
    kind: "hcl",
    inputs: [dir],
    resources,
    scopes: [{ address: "hcl", location: { file: dir } }],
  };
  const regions = [...new Set(resources.map((r) => r.region).filter((r): r is string => r !== undefined))].sort();
  if (regions.length > 0) inventory.regions = regions;
  if (notes.length > 0) inventory.notes = [...new Set(notes)];
  return inventory;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function checkDirectory(dir: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === "ENOENT" || code === "ENOTDIR" ? `${dir}: directory not found` : `${dir}: cannot be read (${code ?? "unknown error"})`, dir);
  }
  if (!isDir) throw new InputError(`${dir}: not a directory (give the directory that holds the .tf files)`, dir);
}

/**
 * The root directory and every local module directory it reaches, each parsed once however many
 * calls use it. A local source that is not a directory is an error, as it is for Terraform.
 */
async function readModuleTree(dir: string, notes: string[], verdicts: SyntaxVerdicts): Promise<Map<string, ModuleConfig>> {
  const configs = new Map<string, ModuleConfig>();
  const pending = [dir];
  while (pending.length > 0) {
    const next = pending.shift()!;
    if (configs.has(next)) continue;
    const config = await readModuleDir(next, notes, verdicts);
    configs.set(next, config);
    for (const call of config.calls.values()) {
      if (call.source === undefined || !isLocalSource(call.source)) continue;
      const child = join(next, call.source);
      if (!isDirectory(child)) {
        const at = `${call.block.span.file}:${call.block.span.startLine}`;
        throw new InputError(`${at}: module "${call.name}": source directory ${child} not found`, call.block.span.file);
      }
      if (!configs.has(child)) pending.push(child);
    }
  }
  refuseCycles(dir, configs);
  return configs;
}

/** A module that calls itself, directly or not, would expand forever; Terraform refuses it too. */
function refuseCycles(dir: string, configs: Map<string, ModuleConfig>): void {
  const done = new Set<string>();
  const visit = (d: string, path: string[]) => {
    if (done.has(d)) return;
    const config = configs.get(d)!;
    for (const call of config.calls.values()) {
      if (call.source === undefined || !isLocalSource(call.source)) continue;
      const child = join(d, call.source);
      if (path.includes(child)) {
        throw new InputError(`${call.block.span.file}:${call.block.span.startLine}: module "${call.name}" calls a module that calls it (${child})`, call.block.span.file);
      }
      visit(child, [...path, child]);
    }
    done.add(d);
  };
  visit(dir, [dir]);
}
