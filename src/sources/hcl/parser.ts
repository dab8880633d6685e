/**
 * Text → SourceFile. `@cdktf/hcl2json` (HCL's own parser, built to wasm) is the judge of syntax and
 * gives the error message; tree-sitter gives the tree with positions and comments. Both wasm
 * modules are loaded once, on first use, so commands that read no HCL never pay for them.
 */
import { createRequire } from "node:module";
import { InputError } from "../../model/errors.js";
import { convertFile, type SyntaxNode } from "./convert.js";
import type { SourceFile } from "./syntax.js";

interface Parsers {
  tree: import("web-tree-sitter").Parser;
  check: (filename: string, text: string) => Promise<unknown>;
}

let parsers: Promise<Parsers> | undefined;

function loadParsers(): Promise<Parsers> {
  parsers ??= (async () => {
    const [{ Parser, Language }, hcl2json] = await Promise.all([import("web-tree-sitter"), import("@cdktf/hcl2json")]);
    await Parser.init();
    const require = createRequire(import.meta.url);
    const language = await Language.load(require.resolve("@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm"));
    const tree = new Parser();
    tree.setLanguage(language);
    return { tree, check: hcl2json.parse };
  })();
  return parsers;
}

/** Parses one file; a syntax error becomes `file:line:col: message` from HCL's parser. */
export async function parseHcl(path: string, text: string): Promise<SourceFile> {
  const { tree: parser, check } = await loadParsers();
  // Line ends are normalised so that heredoc text and line numbers agree with HCL's reading.
  const source = text.replace(/\r\n?/g, "\n");
  try {
    await check(path, source);
  } catch (err) {
    throw new InputError(syntaxMessage(path, err), path);
  }
  const tree = parser.parse(source);
  if (!tree) throw new InputError(`${path}: cannot be parsed`, path);
  try {
    const root = lightTree(tree.walk());
    const bad = firstError(root);
    if (bad) {
      // HCL accepted what the position parser did not: say where, not what (there is no message).
      const { line, column } = position(source, bad.start);
      throw new InputError(`${path}:${line}:${column}: syntax this scanner cannot read`, path);
    }
    return convertFile(root, source, path);
  } finally {
    tree.delete();
  }
}

/**
 * hcl2json rejects with `parse config: [file:2,7-3,1: Summary; Detail. file:…]`: the first
 * diagnostic, as `file:line:col: Summary; Detail`.
 */
export function syntaxMessage(path: string, err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  const body = raw.replace(/^parse config: \[/, "").replace(/\]\s*$/, "");
  const at = new RegExp(`${escapeRegExp(path)}:(\\d+),(\\d+)(?:-\\d+(?:,\\d+)?)?: `, "g");
  const first = at.exec(body);
  if (!first) return `${path}: ${body.trim() || "syntax error"}`;
  const next = at.exec(body);
  const message = body.slice(first.index + first[0].length, next ? next.index : undefined).trim();
  return `${path}:${first[1]}:${first[2]}: ${message}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The tree copied out of wasm memory in one cursor walk: much cheaper than Node objects. */
function lightTree(cursor: import("web-tree-sitter").TreeCursor): SyntaxNode {
  const make = (): SyntaxNode => ({
    type: cursor.nodeType,
    named: cursor.nodeIsNamed,
    missing: cursor.nodeIsMissing,
    start: cursor.startIndex,
    end: cursor.endIndex,
    children: [],
  });
  const root = make();
  const stack: SyntaxNode[] = [root];
  try {
    // Iterative, so deeply nested expressions cannot overflow the stack.
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const node = make();
      stack[stack.length - 1]!.children.push(node);
      if (cursor.gotoFirstChild()) {
        stack.push(node);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || stack.length === 1) return root;
        stack.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}

function firstError(node: SyntaxNode): SyntaxNode | undefined {
  if (node.type === "ERROR" || node.missing) return node;
  for (const c of node.children) {
    const e = firstError(c);
    if (e) return e;
  }
  return undefined;
}

function position(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}
