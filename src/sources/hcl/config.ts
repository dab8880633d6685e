/**
 * One module directory: its `.tf` files parsed and sorted into variables, locals, outputs,
 * resources, data sources, module calls and provider configurations.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { isUtf8 } from "node:buffer";
import { InputError } from "../../model/errors.js";
import { parseHcl, type SyntaxVerdicts } from "./parser.js";
import { attributeNamed, type Attribute, type Block, type Expr, type SourceFile, type Span } from "./syntax.js";
import { parseType, type TypeSpec } from "./types.js";

export interface VariableDecl {
  name: string;
  type: TypeSpec;
  /** A `type` was written (without one, `-var` values are taken literally). */
  typed: boolean;
  default?: Expr;
  sensitive: boolean;
  nullable: boolean;
}

export interface OutputDecl {
  name: string;
  value?: Expr;
  sensitive: boolean;
}

export interface ResourceDecl {
  mode: "managed" | "data";
  type: string;
  name: string;
  block: Block;
  file: SourceFile;
  count?: Expr;
  forEach?: Expr;
  /** `aws` or `aws.replica`: the provider configuration it names, if it names one. */
  provider?: string;
}

export interface ModuleCallDecl {
  name: string;
  /** The literal `source`; undefined when it is not a literal string. */
  source?: string;
  block: Block;
  count?: Expr;
  forEach?: Expr;
  /** `providers = { aws = aws.replica }`: the child's name → the caller's. */
  providers: Map<string, string>;
  args: Map<string, Attribute>;
}

export interface ProviderDecl {
  /** `aws` or `aws.alias`. */
  key: string;
  block: Block;
}

export interface LocalDecl {
  expr: Expr;
  span: Span;
}

/** Meta-arguments of a module call: everything else is an input variable. */
const CALL_META = new Set(["source", "version", "count", "for_each", "providers", "depends_on"]);

export class ModuleConfig {
  readonly variables = new Map<string, VariableDecl>();
  readonly locals = new Map<string, LocalDecl>();
  readonly outputs = new Map<string, OutputDecl>();
  readonly resources: ResourceDecl[] = [];
  readonly managed = new Map<string, ResourceDecl>();
  readonly data = new Map<string, ResourceDecl>();
  readonly calls = new Map<string, ModuleCallDecl>();
  readonly providers = new Map<string, ProviderDecl>();

  /** `dir` as shown to the user (relative to the working directory when given so). */
  constructor(
    readonly dir: string,
    readonly files: SourceFile[],
  ) {
    // Terraform refuses duplicates; the first declaration is kept here.
    for (const file of files) for (const block of file.body.blocks) this.add(block, file);
  }

  private add(block: Block, file: SourceFile): void {
    const [first, second] = block.labels;
    const body = block.body;
    const expr = (name: string) => attributeNamed(body, name)?.expr;
    switch (block.type) {
      case "variable":
        if (first !== undefined && !this.variables.has(first)) {
          const type = expr("type");
          const def = expr("default");
          this.variables.set(first, {
            name: first,
            type: parseType(type),
            typed: type !== undefined,
            ...(def ? { default: def } : {}),
            sensitive: isTrue(expr("sensitive")),
            nullable: !isFalse(expr("nullable")),
          });
        }
        return;
      case "locals":
        for (const a of body.attributes) if (!this.locals.has(a.name)) this.locals.set(a.name, { expr: a.expr, span: a.span });
        return;
      case "output":
        if (first !== undefined && !this.outputs.has(first)) {
          const value = expr("value");
          this.outputs.set(first, { name: first, ...(value ? { value } : {}), sensitive: isTrue(expr("sensitive")) });
        }
        return;
      case "resource":
      case "data": {
        if (first === undefined || second === undefined) return;
        const index = block.type === "resource" ? this.managed : this.data;
        const key = `${first}.${second}`;
        if (index.has(key)) return;
        const count = expr("count");
        const forEach = expr("for_each");
        const provider = traversalText(expr("provider"));
        const decl: ResourceDecl = {
          mode: block.type === "resource" ? "managed" : "data",
          type: first,
          name: second,
          block,
          file,
          ...(count ? { count } : {}),
          ...(forEach ? { forEach } : {}),
          ...(provider ? { provider } : {}),
        };
        index.set(key, decl);
        if (decl.mode === "managed") this.resources.push(decl);
        return;
      }
      case "module": {
        if (first === undefined || this.calls.has(first)) return;
        const source = expr("source");
        const count = expr("count");
        const forEach = expr("for_each");
        const args = new Map<string, Attribute>();
        for (const a of body.attributes) if (!CALL_META.has(a.name)) args.set(a.name, a);
        this.calls.set(first, {
          name: first,
          ...(source?.kind === "literal" && typeof source.value === "string" ? { source: source.value } : {}),
          ...(source?.kind === "template" && source.parts.every((p) => p.kind === "text") ? { source: source.parts.map((p) => (p.kind === "text" ? p.text : "")).join("") } : {}),
          block,
          ...(count ? { count } : {}),
          ...(forEach ? { forEach } : {}),
          providers: providerMap(expr("providers")),
          args,
        });
        return;
      }
      case "provider": {
        if (first === undefined) return;
        const alias = expr("alias");
        const key = alias?.kind === "literal" && typeof alias.value === "string" ? `${first}.${alias.value}` : first;
        if (!this.providers.has(key)) this.providers.set(key, { key, block });
        return;
      }
      default:
        return;
    }
  }
}

function isTrue(e: Expr | undefined): boolean {
  return e?.kind === "literal" && e.value === true;
}

function isFalse(e: Expr | undefined): boolean {
  return e?.kind === "literal" && e.value === false;
}

/** `aws.replica` (a traversal, or a string in old syntax) as text. */
export function traversalText(e: Expr | undefined): string | undefined {
  if (!e) return undefined;
  if (e.kind === "name") return e.name;
  if (e.kind === "attr") {
    const head = traversalText(e.target);
    return head === undefined ? undefined : `${head}.${e.name}`;
  }
  if (e.kind === "literal" && typeof e.value === "string") return e.value;
  return undefined;
}

function providerMap(e: Expr | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (e?.kind !== "object") return out;
  for (const item of e.items) {
    const key = traversalText(item.key);
    const value = traversalText(item.value);
    if (key !== undefined && value !== undefined) out.set(key, value);
  }
  return out;
}

/**
 * Files Terraform reads in a module directory: `*.tf`, in name order. Override files and JSON
 * configuration (`*.tf.json`) are not read here, and are listed with why, so the scan can say so.
 */
export function listConfigFiles(dir: string): { files: string[]; skipped: { name: string; why: string }[] } {
  const files: string[] = [];
  const skipped: { name: string; why: string }[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (/(^|_)override\.tf(\.json)?$/.test(name)) skipped.push({ name, why: "override files are not merged" });
    else if (name.endsWith(".tf.json")) skipped.push({ name, why: "JSON configuration is not read" });
    else if (name.endsWith(".tf") && statSync(join(dir, name)).isFile()) files.push(name);
  }
  return { files, skipped };
}

/** A text file as UTF-8 (BOM dropped); anything else is an InputError naming it. */
export function readText(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputError(`${path}: file not found`, path);
    if (code === "EISDIR") throw new InputError(`${path}: is a directory, not a file`, path);
    if (code === "EACCES" || code === "EPERM") throw new InputError(`${path}: permission denied`, path);
    throw new InputError(`${path}: cannot be read (${code ?? "unknown error"})`, path);
  }
  if (!isUtf8(bytes)) throw new InputError(`${path}: not UTF-8 text`, path);
  const text = bytes.toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parses every configuration file of a directory; syntax verdicts go to `verdicts`. */
export async function readModuleDir(dir: string, notes: string[], verdicts: SyntaxVerdicts): Promise<ModuleConfig> {
  const { files, skipped } = listConfigFiles(dir);
  for (const { name, why } of skipped) notes.push(`${join(dir, name)}: ${why}; not scanned`);
  const parsed: SourceFile[] = [];
  for (const name of files) {
    const path = join(dir, name);
    parsed.push(await parseHcl(path, readText(path), verdicts));
  }
  return new ModuleConfig(dir, parsed);
}
