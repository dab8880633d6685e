/**
 * The one canonical model every source produces and every rule reads. Attribute names and nesting
 * are those of the Terraform AWS provider v5 (nested blocks are arrays of objects, as in a plan),
 * so a rule never knows whether a resource came from a plan, HCL source or a live account.
 */

/** Where a resource (or one of its attributes) was read from. */
export interface Location {
  /** Path of the file as given on the command line (plan JSON or .tf file). */
  file?: string;
  startLine?: number;
  endLine?: number;
  /** Live resources: the ARN and the API call the values came from. */
  arn?: string;
  apiCall?: string;
  /** Live: the account and region it was read in (an S3 ARN names neither). */
  account?: string;
  region?: string;
}

/**
 * How an attribute was written in configuration, without its value: enough to tell "set from a
 * reference to another resource" from "a literal", and never enough to leak a secret literal.
 */
export interface Expression {
  /** Resource addresses (module path included, no instance key) and `var.`/`local.` names it refers to. */
  references: string[];
  /** True when the configuration wrote a literal constant here. */
  literal: boolean;
  /**
   * It uses `count.index` or `each.key`/`each.value`: in a resource with instances, a reference to
   * another resource with the same keys means that resource's instance of the same key.
   */
  perInstance?: boolean;
}

export type SourceKind = "plan" | "hcl" | "aws";

export interface Resource {
  /** Terraform address (`module.db.aws_db_instance.main`, `aws_s3_bucket.b["logs"]`) or, live, the ARN. */
  address: string;
  /** Terraform resource type, e.g. `aws_db_instance`. */
  type: string;
  /** Module path of the resource (`module.db`, `module.a.module.b`), "" in the root module. */
  modulePath: string;
  /**
   * Address without the instance key: `module.db.aws_kms_key.k` for `module.db.aws_kms_key.k[0]`.
   * References between resources are recorded at this granularity.
   */
  baseAddress: string;
  /**
   * Known attribute values. A sensitive value is replaced by REDACTED here by the source, so no
   * later stage can print it.
   */
  values: Record<string, unknown>;
  /** Dotted paths (`rule.0.destination.0.bucket`) whose value is not known (plan `after_unknown`, unresolved HCL). */
  unknown: ReadonlySet<string>;
  /** Dotted paths marked sensitive. */
  sensitive: ReadonlySet<string>;
  /** Dotted attribute path (with `.0.` block indexes) → how configuration wrote it. */
  expressions: Record<string, Expression>;
  /** Live: dotted path (or "*" for the whole resource) → why it could not be read (AccessDenied…). */
  unreadable?: Record<string, string>;
  region?: string;
  account?: string;
  location?: Location;
  /** Where each attribute is written (HCL, or a plan mapped to its source): dotted path → location. */
  attributeLocations?: Record<string, Location>;
  /** `# cbguard:waive …` comments on or directly above the resource's block, as written. */
  waiverComments?: WaiverComment[];
  source: SourceKind;
}

/** A waiver comment as the source found it; the waivers module parses and checks it. */
export interface WaiverComment {
  /** The comment text after `cbguard:waive`. */
  text: string;
  location: Location;
}

/** Stands in for a sensitive value: it is set, and what it is may never be shown. */
export const REDACTED: unique symbol = Symbol.for("cbguard.redacted");
export type Redacted = typeof REDACTED;

export function isRedacted(v: unknown): v is Redacted {
  return v === REDACTED;
}

/** What a source hands to the engine: the resources plus the scope they were read in. */
export interface Inventory {
  kind: SourceKind;
  /** Files, directories or account ids read. */
  inputs: string[];
  resources: Resource[];
  /** Scope address for "required resource is absent" results: `plan`, `hcl`, `aws:<account>:<region>`. */
  scopes: Scope[];
  account?: string;
  regions?: string[];
  /** What the source could not read and the user should know (a remote module not scanned). */
  notes?: string[];
  /** Resource types a live source could not list (a denied or failed call), where. */
  unread?: Unread[];
  /** When a live source read the account (ISO 8601): a replay of evidence keeps the recorded time. */
  readAt?: string;
  /** Live: API calls made per service (retries not counted). */
  apiCalls?: Record<string, number>;
}

/**
 * A list call that could not be made: its resource types are unknown in that account and region
 * (every region when `region` is absent), so no rule may pass or fail on their absence.
 */
export interface Unread {
  account: string;
  region?: string;
  service: string;
  /** The IAM action of the call. */
  action: string;
  types: string[];
  /** Why: `AccessDenied: the scan may not call rds:DescribeDBInstances`. */
  reason: string;
}

export interface Scope {
  address: string;
  region?: string;
  account?: string;
  location?: Location;
}
