/**
 * Text → SourceFile. HCL's own parser judges syntax and words the error (syntax-check.ts);
 * tree-sitter gives the tree with positions and comments. The tree-sitter wasm is loaded once, on
 * first use, so commands that read no HCL never pay for it.
 */
import { createRequire } from "node:module";
import { InputError } from "../../model/errors.js";
import { convertFile, type SyntaxNode } from "./convert.js";
import { checkSyntax, type Verdict } from "./syntax-check.js";
import type { SourceFile } from "./syntax.js";

let treeSitter: Promise<import("web-tree-sitter").Parser> | undefined;

function loadTreeSitter(): Promise<import("web-tree-sitter").Parser> {
  treeSitter ??= (async () => {
    const { Parser, Language } = await import("web-tree-sitter");
    await Parser.init();
    const require = createRequire(import.meta.url);
    const language = await Language.load(require.resolve("@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm"));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return treeSitter;
}

/** Syntax verdicts of the files parsed so far, read once all of them are parsed and evaluated. */
export class SyntaxVerdicts {
  private readonly pending: { path: string; verdict: Verdict }[] = [];

  add(path: string, verdict: Verdict): void {
    this.pending.push({ path, verdict });
  }

  /** The first syntax error in the order the files were read, as `file:line:col: message`. */
  async firstError(): Promise<string | undefined> {
    for (const { path, verdict } of this.pending) {
      const error = await verdict;
      if (error !== undefined) return syntaxMessage(path, error);
    }
    return undefined;
  }
}

/**
 * Parses one file. With `verdicts`, HCL's syntax verdict is left there to be read later (the scan
 * goes on meanwhile); without, a syntax error is thrown here. Either way it is an InputError
 * `file:line:col: message`.
 */
export async function parseHcl(path: string, text: string, verdicts?: SyntaxVerdicts): Promise<SourceFile> {
  // Line ends are normalised so that heredoc text and line numbers agree with HCL's reading.
  const source = text.replace(/\r\n?/g, "\n");
  const verdict = checkSyntax(path, source);
  const parser = await loadTreeSitter();
  const tree = parser.parse(source);
  if (!tree) throw new InputError(`${path}: cannot be parsed`, path);
  let file: SourceFile;
  try {
    const root = lightTree(tree.walk());
    const bad = tree.rootNode.hasError ? firstError(root) : undefined;
    if (bad) {
      const error = await verdict;
      // HCL accepted what the position parser did not: say where, not what (there is no message).
      const { line, column } = position(source, bad.start);
      throw new InputError(error !== undefined ? syntaxMessage(path, error) : `${path}:${line}:${column}: syntax this scanner cannot read`, path);
    }
    file = convertFile(root, source, path);
  } finally {
    tree.delete();
  }
  if (verdicts) verdicts.add(path, verdict);
  else {
    const error = await verdict;
    if (error !== undefined) throw new InputError(syntaxMessage(path, error), path);
  }
  return file;
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
  const make = (): SyntaxNode => {
    const type = cursor.nodeType;
    // Only a MISSING node has an empty span: asking every node costs a call into wasm.
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    return { type, named: cursor.nodeIsNamed, missing: start === end && cursor.nodeIsMissing, start, end, children: [] };
  };
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
