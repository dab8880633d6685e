/**
 * HCL as this source reads it: bodies of attributes and blocks with their line ranges, and
 * expressions as a small tree. Built once per file from the tree-sitter parse, so evaluation never
 * touches the parser again.
 */

/** 1-based, inclusive line range in one file (the path as shown to the user). */
export interface Span {
  file: string;
  startLine: number;
  endLine: number;
}

export interface Attribute {
  name: string;
  expr: Expr;
  span: Span;
}

export interface Block {
  type: string;
  labels: string[];
  body: Body;
  span: Span;
}

export interface Body {
  /** In source order; a name appears once (the parser refuses a redefinition). */
  attributes: Attribute[];
  /** In source order, every type mixed, as dynamic blocks expand in place. */
  blocks: Block[];
}

export interface Comment {
  /** The comment as written, markers included. */
  text: string;
  startLine: number;
  endLine: number;
  /** Nothing but whitespace before it on its first line. */
  ownLine: boolean;
}

export interface SourceFile {
  /** Path as shown to the user: the directory as given, joined with the file name. */
  path: string;
  body: Body;
  comments: Comment[];
}

/** A piece of a template: literal text, an interpolation, or a directive. */
export type TemplatePart =
  | { kind: "text"; text: string }
  | { kind: "interp"; expr: Expr }
  | { kind: "if"; cond: Expr; then: TemplatePart[]; else: TemplatePart[] }
  | { kind: "for"; keyVar?: string; valueVar: string; collection: Expr; body: TemplatePart[] };

export type BinaryOp = "==" | "!=" | "<" | ">" | "<=" | ">=" | "+" | "-" | "*" | "/" | "%" | "&&" | "||";

export type Expr =
  | { kind: "literal"; value: null | boolean | number | string }
  | { kind: "template"; parts: TemplatePart[] }
  | { kind: "tuple"; items: Expr[] }
  | { kind: "object"; items: { key: Expr; value: Expr }[] }
  /** A bare name: `var`, `local`, `aws_s3_bucket`, a for variable, `each`… */
  | { kind: "name"; name: string }
  | { kind: "attr"; target: Expr; name: string }
  | { kind: "index"; target: Expr; key: Expr }
  /** `target[*].rest`: `each` is evaluated per element with the element bound to SPLAT_ITEM. */
  | { kind: "splat"; target: Expr; each: Expr }
  | { kind: "call"; name: string; args: Expr[]; expandLast: boolean }
  | { kind: "conditional"; cond: Expr; then: Expr; else: Expr }
  | { kind: "unary"; op: "!" | "-"; operand: Expr }
  | { kind: "binary"; op: BinaryOp; left: Expr; right: Expr }
  | { kind: "for"; keyVar?: string; valueVar: string; collection: Expr; key?: Expr; value: Expr; cond?: Expr; grouping: boolean }
  /**
   * Syntax this source does not evaluate (template strip markers…): always unknown. `inner` keeps
   * the expressions inside it, so its references are still found.
   */
  | { kind: "unsupported"; what: string; inner?: Expr[] };

/** The name the element of a splat is bound to; not a valid HCL identifier, so it cannot clash. */
export const SPLAT_ITEM = "[*]";

export function attributeNamed(body: Body, name: string): Attribute | undefined {
  return body.attributes.find((a) => a.name === name);
}
