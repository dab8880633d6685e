import type { RuleInfo } from "../model/finding.js";

/**
 * The condition language rules are written in (rules/*.yaml, checked by rules/schema.json).
 * Every condition evaluates to pass, fail or unknown; see conditions.ts for the semantics.
 */
export type Condition =
  | AttrCondition
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { each: ListCondition }
  | { some: ListCondition }
  | { related: RelatedCondition }
  /** The branch for the subject's resource type; a type without a branch passes. */
  | { byType: Record<string, Condition> }
  | { fn: string; args?: Record<string, unknown> };

/** A value in a rule, or a reference to a parameter (`{ param: backup_retention_days }`). */
export type Operand = unknown;

export interface AttrCondition {
  /** Dotted attribute path (`password_policy.0.minimum_length`) or a pseudo attribute (`@region`). */
  attr: string;
  equals?: Operand;
  notEquals?: Operand;
  in?: Operand;
  notIn?: Operand;
  gte?: Operand;
  lte?: Operand;
  matches?: string;
  /** A string containing one of these, ignoring case. */
  containsAny?: Operand;
  /** Written in configuration (or holding a value): tells a v3 inline block from a computed one. */
  configured?: boolean;
  /** true: the attribute is set (a value that is unknown but configured from a reference counts). */
  exists?: boolean;
  /** The attribute is configured from a reference to a resource of one of these types. */
  refersTo?: string | string[];
  /** The configuration writes a literal here (true) or not (false); never the literal itself. */
  literal?: boolean;
  /** A non-empty list (or, with false, an empty or absent one). */
  nonEmpty?: boolean;
}

export interface ListCondition {
  /** Path of the list (nested blocks are lists). */
  attr: string;
  /** Only elements matching this are considered. */
  where?: Condition;
  assert: Condition;
}

export interface RelatedCondition {
  /** Resource type(s) of the related resource. */
  type: string | string[];
  /**
   * How the two are tied. `theirs`: the related resource's attribute points at us, matched against
   * our `ours` attributes (a versioning resource's `bucket` → our `id`/`bucket`); `ours`: our
   * attribute points at them, matched against their `theirs` attributes. A configuration reference
   * to the resource's address also ties them.
   */
  link: { theirs: string; ours: string[] } | { ours: string; theirs: string[] };
  /** some (default): one related resource satisfies `assert`; all: every one does. */
  quantifier?: "some" | "all";
  /** Verdict when nothing is related; default fail for `some`, pass for `all`. */
  ifNone?: "pass" | "fail";
  assert?: Condition;
}

/** A resource the guide demands in every scope (plan, account and region). */
export interface Requirement {
  types: string[];
  /** What is demanded, in words: "a multi-region CloudTrail trail". */
  description: string;
  /** A resource only meets the requirement if this holds for it. */
  where?: Condition;
}

export interface Rule extends RuleInfo {
  /** Resource types judged one by one. */
  resourceTypes: string[];
  /** Judges what only a live account holds (CB-BAK-004): plans and HCL have nothing for it. */
  liveOnly?: boolean;
  /** Resources that do not match are not_applicable. */
  where?: Condition;
  assert?: Condition;
  require?: Requirement[];
  /** Scope-level check in code, for demands a list of requirements cannot state. */
  requireFn?: string;
  /** Parameter names the rule reads (their defaults live in rules/params.yaml). */
  params: string[];
  /** The YAML file it came from, for error messages. */
  file: string;
}
