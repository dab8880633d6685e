/**
 * The tree-sitter-hcl tree (copied out of wasm as plain SyntaxNodes) → Body, Block, Attribute and
 * Expr with line spans. Template text is taken from the source between parts, since the grammar
 * leaves whitespace around interpolations out of its literal nodes.
 */
import type { Attribute, BinaryOp, Block, Body, Comment, Expr, SourceFile, TemplatePart } from "./syntax.js";
import { SPLAT_ITEM } from "./syntax.js";

export interface SyntaxNode {
  type: string;
  named: boolean;
  missing: boolean;
  /** UTF-16 offsets into the source, end exclusive. */
  start: number;
  end: number;
  children: SyntaxNode[];
}

const BINARY_OPS = new Set<string>(["==", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "%", "&&", "||"]);
const POSTFIX = new Set(["get_attr", "index", "splat"]);

export function convertFile(root: SyntaxNode, text: string, path: string): SourceFile {
  const c = new Converter(text, path);
  const comments: Comment[] = [];
  c.collectComments(root, comments);
  const body = root.children.find((n) => n.type === "body");
  return { path, body: body ? c.body(body) : { attributes: [], blocks: [] }, comments };
}

class Converter {
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly text: string,
    private readonly path: string,
  ) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
  }

  /** 1-based line of an offset. */
  line(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  private span(n: SyntaxNode) {
    // A node's end is exclusive: a block ending in "}\n" ends on the brace's line.
    return { file: this.path, startLine: this.line(n.start), endLine: this.line(Math.max(n.start, n.end - 1)) };
  }

  private src(n: SyntaxNode): string {
    return this.text.slice(n.start, n.end);
  }

  collectComments(n: SyntaxNode, out: Comment[]): void {
    if (n.type === "comment") {
      const lineStart = this.lineStarts[this.line(n.start) - 1]!;
      out.push({
        text: this.src(n).replace(/\n$/, ""),
        startLine: this.line(n.start),
        endLine: this.line(Math.max(n.start, n.end - 1)),
        ownLine: this.text.slice(lineStart, n.start).trim() === "",
      });
      return;
    }
    for (const c of n.children) this.collectComments(c, out);
  }

  body(n: SyntaxNode): Body {
    const body: Body = { attributes: [], blocks: [] };
    for (const c of n.children) {
      if (c.type === "attribute") body.attributes.push(this.attribute(c));
      else if (c.type === "block") body.blocks.push(this.block(c));
    }
    return body;
  }

  private attribute(n: SyntaxNode): Attribute {
    const name = n.children.find((c) => c.type === "identifier")!;
    const value = n.children.find((c) => c.type === "expression");
    return { name: this.src(name), expr: value ? this.expr(value) : unsupported("empty attribute"), span: this.span(n) };
  }

  private block(n: SyntaxNode): Block {
    let type = "";
    const labels: string[] = [];
    let body: Body = { attributes: [], blocks: [] };
    for (const c of n.children) {
      if (c.type === "identifier") {
        if (type === "") type = this.src(c);
        else labels.push(this.src(c));
      } else if (c.type === "string_lit") labels.push(this.stringLiteral(c));
      else if (c.type === "body") body = this.body(c);
    }
    return { type, labels, body, span: this.span(n) };
  }

  /** Any expression-like node. */
  expr(n: SyntaxNode): Expr {
    switch (n.type) {
      case "expression":
        return this.sequence(n.children);
      case "literal_value":
        return this.literal(n.children.find((c) => c.named) ?? n);
      case "template_expr": {
        const t = n.children[0];
        if (t?.type === "quoted_template") return this.quotedTemplate(t);
        if (t?.type === "heredoc_template") return this.heredoc(t);
        return unsupported("template");
      }
      case "collection_value": {
        const inner = n.children[0];
        if (inner?.type === "tuple") return { kind: "tuple", items: named(inner, "expression").map((e) => this.expr(e)) };
        if (inner?.type === "object") return this.object(inner);
        return unsupported("collection");
      }
      case "variable_expr":
        return { kind: "name", name: this.src(n.children[0] ?? n) };
      case "function_call":
        return this.call(n);
      case "conditional": {
        const [cond, then, otherwise] = named(n, "expression").map((e) => this.expr(e));
        if (!cond || !then || !otherwise) return unsupported("conditional");
        return { kind: "conditional", cond, then, else: otherwise };
      }
      case "operation":
        return this.expr(n.children[0] ?? n);
      case "binary_operation":
        return this.binary(n);
      case "unary_operation": {
        const op = n.children[0];
        const operand = this.sequence(n.children.slice(1));
        return op && (op.type === "!" || op.type === "-") ? { kind: "unary", op: op.type, operand } : unsupported("operator");
      }
      case "for_expr":
        return this.forExpr(n.children[0] ?? n);
      default:
        return unsupported(n.type);
    }
  }

  /** A primary followed by attribute, index and splat steps (`a.b[0][*].c`), or a parenthesised one. */
  private sequence(nodes: SyntaxNode[]): Expr {
    const parts = nodes.filter((c) => c.type !== "comment");
    let i: number;
    let base: Expr;
    if (parts[0]?.type === "(") {
      const inner = parts.find((c) => c.named);
      base = inner ? this.expr(inner) : unsupported("parentheses");
      i = parts.findIndex((c) => c.type === ")") + 1;
      if (i === 0) return unsupported("parentheses");
    } else {
      const first = parts[0];
      if (!first) return unsupported("empty expression");
      base = this.expr(first);
      i = 1;
    }
    for (; i < parts.length; i++) {
      const step = parts[i]!;
      if (!POSTFIX.has(step.type)) return unsupported(step.type);
      base = this.postfix(base, step);
    }
    return base;
  }

  private postfix(target: Expr, step: SyntaxNode): Expr {
    if (step.type === "get_attr") {
      const id = step.children.find((c) => c.type === "identifier");
      return id ? { kind: "attr", target, name: this.src(id) } : unsupported("attribute");
    }
    if (step.type === "index") {
      const inner = step.children[0];
      if (inner?.type === "new_index") {
        const key = inner.children.find((c) => c.type === "expression");
        return key ? { kind: "index", target, key: this.expr(key) } : unsupported("index");
      }
      if (inner?.type === "legacy_index") {
        // `a.0`: the digits after the dot.
        const digits = this.src(inner).replace(/^\./, "");
        return { kind: "index", target, key: { kind: "literal", value: Number(digits) } };
      }
      return unsupported("index");
    }
    // splat: the steps inside it apply to each element.
    const inner = step.children[0];
    let each: Expr = { kind: "name", name: SPLAT_ITEM };
    for (const s of inner?.children ?? []) if (POSTFIX.has(s.type)) each = this.postfix(each, s);
    return { kind: "splat", target, each };
  }

  private literal(n: SyntaxNode): Expr {
    switch (n.type) {
      case "numeric_lit":
        return { kind: "literal", value: Number(this.src(n)) };
      case "bool_lit":
        return { kind: "literal", value: this.src(n) === "true" };
      case "null_lit":
        return { kind: "literal", value: null };
      case "string_lit":
        return { kind: "literal", value: this.stringLiteral(n) };
      default:
        return unsupported(n.type);
    }
  }

  /** `"…"` without interpolation (block labels, plain strings). */
  private stringLiteral(n: SyntaxNode): string {
    const open = n.children.find((c) => c.type === "quoted_template_start");
    const close = n.children.find((c) => c.type === "quoted_template_end");
    return unescapeQuoted(this.text.slice(open ? open.end : n.start, close ? close.start : n.end));
  }

  private quotedTemplate(n: SyntaxNode): Expr {
    const open = n.children.find((c) => c.type === "quoted_template_start");
    const close = n.children.find((c) => c.type === "quoted_template_end");
    const parts = this.templateParts(n.children, open ? open.end : n.start, close ? close.start : n.end, unescapeQuoted);
    return parts ? { kind: "template", parts } : this.opaqueTemplate(n);
  }

  private heredoc(n: SyntaxNode): Expr {
    const ids = n.children.filter((c) => c.type === "heredoc_identifier");
    const flush = this.src(n.children.find((c) => c.type === "heredoc_start") ?? n).startsWith("<<-");
    const opening = ids[0];
    const closing = ids[1];
    if (!opening || !closing) return unsupported("heredoc");
    const newline = this.text.indexOf("\n", opening.end);
    const from = newline === -1 ? opening.end : newline + 1;
    const to = this.lineStarts[this.line(closing.start) - 1]!;
    const parts = this.templateParts(n.children, from, Math.max(from, to), unescapeHeredoc);
    if (!parts) return this.opaqueTemplate(n);
    return { kind: "template", parts: flush ? dedent(parts) : parts };
  }

  /** A template this source does not render (strip markers): unknown, but its references count. */
  private opaqueTemplate(n: SyntaxNode): Expr {
    const inner: Expr[] = [];
    const walk = (x: SyntaxNode) => {
      if (x.type === "expression") inner.push(this.expr(x));
      else x.children.forEach(walk);
    };
    n.children.forEach(walk);
    return { kind: "unsupported", what: "template strip markers", inner };
  }

  /**
   * Template parts of `children` between offsets `from` and `to`: interpolations and directives,
   * with the source text between them as literals. Undefined when a strip marker (`~`) is used.
   */
  private templateParts(children: SyntaxNode[], from: number, to: number, unescape: (s: string) => string): TemplatePart[] | undefined {
    const parts: TemplatePart[] = [];
    let at = from;
    const text = (end: number) => {
      if (end > at) parts.push({ kind: "text", text: unescape(this.text.slice(at, end)) });
    };
    for (const c of children) {
      if (c.start < from || c.end > to) continue;
      if (c.type !== "template_interpolation" && c.type !== "template_directive") continue;
      if (hasStrip(c)) return undefined;
      text(c.start);
      if (c.type === "template_interpolation") {
        const e = c.children.find((x) => x.type === "expression");
        parts.push({ kind: "interp", expr: e ? this.expr(e) : unsupported("interpolation") });
      } else {
        const d = this.directive(c.children[0]);
        if (!d) return undefined;
        parts.push(d);
      }
      at = c.end;
    }
    text(to);
    return parts;
  }

  private directive(n: SyntaxNode | undefined): TemplatePart | undefined {
    if (!n) return undefined;
    const unescape = unescapeQuoted;
    if (n.type === "template_if") {
      const intro = n.children.find((c) => c.type === "template_if_intro");
      const elseIntro = n.children.find((c) => c.type === "template_else_intro");
      const end = n.children.find((c) => c.type === "template_if_end");
      const cond = intro?.children.find((c) => c.type === "expression");
      if (!intro || !end || !cond) return undefined;
      const then = this.templateParts(n.children, intro.end, elseIntro ? elseIntro.start : end.start, unescape);
      const otherwise = elseIntro ? this.templateParts(n.children, elseIntro.end, end.start, unescape) : [];
      if (!then || !otherwise) return undefined;
      return { kind: "if", cond: this.expr(cond), then, else: otherwise };
    }
    if (n.type === "template_for") {
      const start = n.children.find((c) => c.type === "template_for_start");
      const end = n.children.find((c) => c.type === "template_for_end");
      const names = start?.children.filter((c) => c.type === "identifier").map((c) => this.src(c)) ?? [];
      const collection = start?.children.find((c) => c.type === "expression");
      if (!start || !end || !collection || names.length === 0) return undefined;
      const body = this.templateParts(n.children, start.end, end.start, unescape);
      if (!body) return undefined;
      const valueVar = names[names.length - 1]!;
      return { kind: "for", ...(names.length === 2 ? { keyVar: names[0]! } : {}), valueVar, collection: this.expr(collection), body };
    }
    return undefined;
  }

  private object(n: SyntaxNode): Expr {
    const items: { key: Expr; value: Expr }[] = [];
    for (const el of n.children) {
      if (el.type !== "object_elem") continue;
      const [k, v] = named(el, "expression");
      if (!k || !v) return unsupported("object element");
      items.push({ key: this.objectKey(k), value: this.expr(v) });
    }
    return { kind: "object", items };
  }

  /** A bare identifier key is the key's name; anything else (quoted, parenthesised) is evaluated. */
  private objectKey(k: SyntaxNode): Expr {
    const parts = k.children.filter((c) => c.type !== "comment");
    if (parts.length === 1 && parts[0]!.type === "variable_expr") return { kind: "literal", value: this.src(parts[0]!) };
    return this.expr(k);
  }

  private call(n: SyntaxNode): Expr {
    const name = n.children.find((c) => c.type === "identifier");
    const args = n.children.find((c) => c.type === "function_arguments");
    const list = args ? named(args, "expression").map((e) => this.expr(e)) : [];
    const expandLast = !!args?.children.some((c) => c.type === "ellipsis");
    // `provider::aws::arn_parse(…)` and other names the grammar reads oddly: not evaluated.
    if (!name || n.children.some((c) => c.type === "::")) return unsupported("function");
    return { kind: "call", name: this.src(name), args: list, expandLast };
  }

  private binary(n: SyntaxNode): Expr {
    const at = n.children.findIndex((c) => !c.named && BINARY_OPS.has(c.type));
    if (at <= 0) return unsupported("operator");
    return {
      kind: "binary",
      op: n.children[at]!.type as BinaryOp,
      left: this.sequence(n.children.slice(0, at)),
      right: this.sequence(n.children.slice(at + 1)),
    };
  }

  private forExpr(n: SyntaxNode): Expr {
    const intro = n.children.find((c) => c.type === "for_intro");
    const names = intro?.children.filter((c) => c.type === "identifier").map((c) => this.src(c)) ?? [];
    const collection = intro?.children.find((c) => c.type === "expression");
    const exprs = named(n, "expression");
    const cond = n.children.find((c) => c.type === "for_cond")?.children.find((c) => c.type === "expression");
    if (!intro || !collection || names.length === 0) return unsupported("for expression");
    const valueVar = names[names.length - 1]!;
    const keyVar = names.length === 2 ? names[0]! : undefined;
    const base = { ...(keyVar !== undefined ? { keyVar } : {}), valueVar, collection: this.expr(collection), ...(cond ? { cond: this.expr(cond) } : {}) };
    if (n.type === "for_object_expr") {
      const [key, value] = exprs;
      if (!key || !value) return unsupported("for expression");
      return { kind: "for", ...base, key: this.expr(key), value: this.expr(value), grouping: n.children.some((c) => c.type === "ellipsis") };
    }
    const [value] = exprs;
    if (!value) return unsupported("for expression");
    return { kind: "for", ...base, value: this.expr(value), grouping: false };
  }
}

function named(n: SyntaxNode, type: string): SyntaxNode[] {
  return n.children.filter((c) => c.type === type);
}

function unsupported(what: string): Expr {
  return { kind: "unsupported", what };
}

function hasStrip(n: SyntaxNode): boolean {
  if (n.type === "strip_marker") return true;
  // Only the directive's own markers; nested templates inside expressions are separate.
  return n.children.some((c) => c.type !== "expression" && c.type !== "template_literal" && hasStrip(c));
}

/** Escapes of a quoted string: `\n \r \t \" \\ \uNNNN \UNNNNNNNN`, and `$${` / `%%{`. */
export function unescapeQuoted(s: string): string {
  if (!s.includes("\\") && !s.includes("$${") && !s.includes("%%{")) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "\\" && i + 1 < s.length) {
      const n = s[i + 1]!;
      const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
      if (simple[n] !== undefined) {
        out += simple[n];
        i++;
        continue;
      }
      const width = n === "u" ? 4 : n === "U" ? 8 : 0;
      const hex = s.slice(i + 2, i + 2 + width);
      if (width && /^[0-9a-fA-F]+$/.test(hex) && hex.length === width) {
        out += String.fromCodePoint(parseInt(hex, 16));
        i += 1 + width;
        continue;
      }
    }
    if ((c === "$" || c === "%") && s[i + 1] === c && s[i + 2] === "{") {
      out += `${c}{`;
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

function unescapeHeredoc(s: string): string {
  return s.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
}

/** `<<-` heredocs lose the smallest indentation of their non-blank lines. */
function dedent(parts: TemplatePart[]): TemplatePart[] {
  let min = Infinity;
  let lineStart = true;
  parts.forEach((p, at) => {
    if (p.kind !== "text") {
      if (lineStart) min = 0;
      lineStart = false;
      return;
    }
    const lines = p.text.split("\n");
    lines.forEach((line, i) => {
      if (i > 0) lineStart = true;
      if (!lineStart) return;
      const indent = /^[ \t]*/.exec(line)![0].length;
      // A blank line says nothing, unless an interpolation follows on the same line.
      const continued = i === lines.length - 1 && at < parts.length - 1;
      if (indent < line.length || continued) min = Math.min(min, indent);
    });
    lineStart = p.text.endsWith("\n");
  });
  if (!Number.isFinite(min) || min === 0) return parts;
  const indent = new RegExp(`^[ \\t]{0,${min}}`);
  lineStart = true;
  return parts.map((p) => {
    if (p.kind !== "text") {
      lineStart = false;
      return p;
    }
    const text = p.text
      .split("\n")
      .map((line, i) => (i === 0 && !lineStart ? line : line.replace(indent, "")))
      .join("\n");
    lineStart = p.text.endsWith("\n");
    return { kind: "text", text };
  });
}
