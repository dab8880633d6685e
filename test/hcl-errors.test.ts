import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../src/model/errors.js";
import { loadHclDir, type VariableInput } from "../src/sources/hcl/index.js";

const FIX = "fixtures/hcl";
const tmp = mkdtempSync(join(tmpdir(), "cbguard-hcl-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const dir = join(tmp, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function failure(dir: string, variables: VariableInput[] = []): Promise<string> {
  try {
    await loadHclDir(dir, { variables });
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    const message = (err as Error).message;
    expect(message).not.toContain("\n");
    return message;
  }
  throw new Error(`${dir} loaded without an error`);
}

describe("bad input is one InputError line", () => {
  it("a directory that is missing, is a file, or holds no .tf file", async () => {
    expect(await failure(`${FIX}/nope`)).toBe(`${FIX}/nope: directory not found`);
    expect(await failure(`${FIX}/stack/main.tf`)).toBe(`${FIX}/stack/main.tf: not a directory (give the directory that holds the .tf files)`);
    expect(await failure(`${FIX}/errors/empty`)).toBe(`${FIX}/errors/empty: no .tf files in this directory`);
  });

  it("an HCL syntax error: file:line:col and the parser's message", async () => {
    expect(await failure(`${FIX}/errors/syntax`)).toBe(
      `${FIX}/errors/syntax/main.tf:6:11: Invalid expression; Expected the start of an expression, but found an invalid expression token.`,
    );
  });

  it("errors the position parser alone would miss, from HCL's own parser", async () => {
    const dir = tree("redefined", { "main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = "a"\n  bucket = "b"\n}\n' });
    expect(await failure(dir)).toMatch(new RegExp(`^${dir}/main.tf:3:3: Attribute redefined; `));
    const escape = tree("escape", { "main.tf": 'locals {\n  x = "\\q"\n}\n' });
    expect(await failure(escape)).toMatch(/main\.tf:2:8: Invalid escape sequence; /);
  });

  it("a syntax error in a module or a tfvars file", async () => {
    const dir = tree("module-syntax", { "main.tf": 'module "m" {\n  source = "./m"\n}\n', "m/main.tf": "x = [1 2]\n" });
    expect(await failure(dir)).toMatch(new RegExp(`^${dir}/m/main.tf:1:8: `));
    expect(await failure(`${FIX}/errors/bad-tfvars`)).toMatch(new RegExp(`^${FIX}/errors/bad-tfvars/terraform.tfvars:1:18: Invalid multi-line string; `));
  });

  it("a syntax error first, even when what follows from it fails too", async () => {
    const dir = tree("both", { "main.tf": 'module "gone" {\n  source = "./gone"\n  source = "./gone"\n}\n' });
    expect(await failure(dir)).toMatch(/main\.tf:3:3: Attribute redefined; /);
  });

  it("a local module source that is not a directory", async () => {
    expect(await failure(`${FIX}/errors/missing-module`)).toBe(
      `${FIX}/errors/missing-module/main.tf:1: module "gone": source directory ${FIX}/errors/missing-module/modules/gone not found`,
    );
  });

  it("a module that calls itself", async () => {
    const dir = tree("cycle", { "main.tf": 'module "a" {\n  source = "./a"\n}\n', "a/main.tf": 'module "again" {\n  source = "../a"\n}\n' });
    expect(await failure(dir)).toMatch(/a\/main\.tf:1: module "again" calls a module that calls it/);
  });

  it("a --var-file that is missing, a directory, or not valid", async () => {
    const vars = `${FIX}/variables`;
    expect(await failure(vars, [{ file: `${tmp}/none.tfvars` }])).toBe(`${tmp}/none.tfvars: variables file not found`);
    expect(await failure(vars, [{ file: tmp }])).toBe(`${tmp}: is a directory, not a variables file`);
    const bad = join(tmp, "bad.tfvars");
    writeFileSync(bad, 'from_var = "ok"\nfrom_default = \n');
    expect(await failure(vars, [{ file: bad }])).toMatch(new RegExp(`^${bad}:2:16: Invalid expression; `));
    const json = join(tmp, "bad.tfvars.json");
    writeFileSync(json, '{ "from_var": "secret-value",');
    expect(await failure(vars, [{ file: json }])).toBe(`${json}: not valid JSON`);
    const refs = join(tmp, "refs.tfvars");
    writeFileSync(refs, "from_var = var.other\n");
    expect(await failure(vars, [{ file: refs }])).toBe(`${refs}:1: the value of from_var must be a constant (no references)`);
  });

  it("a --var that is not NAME=VALUE, names no variable, or does not parse as its type needs", async () => {
    const vars = `${FIX}/variables`;
    expect(await failure(vars, [{ assignment: "hunter2" }])).toBe("--var: expected NAME=VALUE");
    expect(await failure(vars, [{ assignment: "nope=1" }])).toBe(`--var nope: no variable "nope" is declared in ${vars}`);
    expect(await failure(vars, [{ assignment: "tags={ a = " }])).toMatch(/^--var tags: /);
  });
});
