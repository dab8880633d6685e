/**
 * Values of the root module's variables, with Terraform's precedence (later wins): defaults,
 * `terraform.tfvars`, `terraform.tfvars.json`, `*.auto.tfvars(.json)` in name order, then each
 * `--var-file` and `--var` in the order given.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../model/errors.js";
import { readText, type ModuleConfig } from "./config.js";
import { evaluate } from "./evaluate.js";
import { parseHcl } from "./parser.js";
import { convert, isPrimitive } from "./types.js";
import { EvalError, settle, type Value } from "./values.js";

/** One `--var-file FILE` or `--var NAME=VALUE`, in command-line order. */
export type VariableInput = { file: string } | { assignment: string };

const NO_NAMES = { get: () => undefined };

export async function rootVariables(dir: string, root: ModuleConfig, inputs: readonly VariableInput[]): Promise<Map<string, Value>> {
  const values = new Map<string, Value>();
  const set = (name: string, v: Value) => {
    const decl = root.variables.get(name);
    // Terraform only warns about values for undeclared variables in files.
    if (decl) values.set(name, convert(v, decl.type));
  };
  for (const file of autoFiles(dir)) for (const [name, v] of await readVarFile(file)) set(name, v);
  for (const input of inputs) {
    if ("file" in input) {
      for (const [name, v] of await readVarFile(input.file)) set(name, v);
      continue;
    }
    const eq = input.assignment.indexOf("=");
    // The argument is not echoed: it may be a secret.
    if (eq <= 0) throw new InputError("--var: expected NAME=VALUE");
    const name = input.assignment.slice(0, eq).trim();
    const decl = root.variables.get(name);
    if (!decl) throw new InputError(`--var ${name}: no variable "${name}" is declared in ${dir}`);
    const raw = input.assignment.slice(eq + 1);
    // Like Terraform: literal text for string/number/bool (or no type), an HCL expression otherwise.
    set(name, !decl.typed || isPrimitive(decl.type) ? raw : await parseValue(`--var ${name}`, raw));
  }
  return values;
}

function autoFiles(dir: string): string[] {
  const names = readdirSync(dir);
  const fixed = ["terraform.tfvars", "terraform.tfvars.json"].filter((n) => names.includes(n));
  const auto = names.filter((n) => n.endsWith(".auto.tfvars") || n.endsWith(".auto.tfvars.json")).sort();
  return [...fixed, ...auto].map((n) => join(dir, n)).filter((p) => statSync(p).isFile());
}

async function readVarFile(path: string): Promise<[string, Value][]> {
  if (!existsSync(path)) throw new InputError(`${path}: variables file not found`, path);
  if (statSync(path).isDirectory()) throw new InputError(`${path}: is a directory, not a variables file`, path);
  const text = readText(path);
  if (path.endsWith(".json")) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new InputError(`${path}: not valid JSON`, path);
    }
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new InputError(`${path}: expected a JSON object of variable values`, path);
    return Object.entries(doc as Record<string, Value>);
  }
  const file = await parseHcl(path, text);
  const out: [string, Value][] = [];
  for (const a of file.body.attributes) {
    try {
      out.push([a.name, settle(evaluate(a.expr, NO_NAMES))]);
    } catch (err) {
      if (!(err instanceof EvalError)) throw err;
      throw new InputError(`${path}:${a.span.startLine}: the value of ${a.name} must be a constant (no references)`, path);
    }
  }
  if (file.body.blocks.length > 0) {
    const b = file.body.blocks[0]!;
    throw new InputError(`${path}:${b.span.startLine}: blocks are not allowed in a variables file`, path);
  }
  return out;
}

/** A `--var` value for a collection type, read as an HCL expression. */
async function parseValue(label: string, raw: string): Promise<Value> {
  let file;
  try {
    file = await parseHcl(label, `value = ${raw}\n`);
  } catch (err) {
    if (err instanceof InputError) throw new InputError(err.message.replace(/^[^:]*:\d+:\d+: /, `${label}: `));
    throw err;
  }
  const a = file.body.attributes[0];
  if (!a || file.body.attributes.length !== 1) throw new InputError(`${label}: not a single value`);
  try {
    return settle(evaluate(a.expr, NO_NAMES));
  } catch (err) {
    if (err instanceof EvalError) throw new InputError(`${label}: the value must be a constant (no references)`);
    throw err;
  }
}
