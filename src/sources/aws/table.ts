/**
 * The collector table: one row per API list call. A row names the service, the operation, its paging
 * token fields and the IAM action it needs, and maps each listed item to canonical resources. Detail
 * calls (one per item) are rows too, nested in `details`, so the IAM policy a scan needs is read off
 * this table (`requiredActions`).
 */
import type { Resource } from "../../model/resource.js";

export interface CollectContext {
  account: string;
  /** The region the call was made in (for a global service, its home region). */
  region: string;
  /** A global service's resource (IAM, CloudFront, Budgets): it has no region of its own. */
  global?: boolean;
  /** The scan's "now" (a replay of evidence uses the recorded scan's), for calls asking "since when". */
  now?: Date;
}

/** A detail call made once per listed item (S3 GetBucketEncryption for each bucket). */
export interface DetailRow<Item> {
  operation: string;
  iamAction: string;
  /** Error names meaning "nothing configured", mapped to the value to use instead. */
  notConfigured: Record<string, unknown>;
  call(client: unknown, item: Item, ctx: CollectContext): Promise<unknown>;
}

export interface CollectorRow<Item = unknown> {
  service: string;
  /** The SDK client package (lazily imported) and its client class. */
  clientPackage: string;
  clientClass: string;
  operation: string;
  iamAction: string;
  /** The canonical resource types `map` makes: unknown in a region where the list call failed. */
  types: string[];
  /** Paging token member names: request input field, response output field (none = single page). */
  paging?: { input: string; output: string };
  /**
   * A global call (S3 ListBuckets, IAM, CloudFront): made once, in us-east-1 when scanned (else the
   * first region). With `regionOf`, each item is then placed in its region; without, its resources
   * have no region.
   */
  global?: boolean;
  /** One page. */
  list(client: unknown, token: string | undefined, ctx: CollectContext): Promise<{ items: Item[]; next?: string }>;
  /** For a global list: the region an item belongs to (may call the API). */
  regionOf?: { operation: string; iamAction: string; call(client: unknown, item: Item): Promise<string> };
  details?: Record<string, DetailRow<Item>>;
  /**
   * Maps an item (with its detail results, or the denial reason for a denied detail) to resources.
   */
  map(item: Item, details: Record<string, DetailResult>, ctx: CollectContext): Resource[];
}

export type DetailResult = { ok: true; value: unknown } | { ok: false; reason: string };

/** Error names meaning the caller may not make the call. */
export const ACCESS_DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError"]);

export function liveResource(type: string, arn: string, values: Record<string, unknown>, ctx: CollectContext, apiCall: string, unreadable?: Record<string, string>): Resource {
  return {
    address: arn,
    baseAddress: arn,
    modulePath: "",
    type,
    values,
    unknown: new Set(),
    sensitive: new Set(),
    expressions: {},
    ...(unreadable && Object.keys(unreadable).length > 0 ? { unreadable } : {}),
    ...(ctx.global ? {} : { region: ctx.region }),
    account: ctx.account,
    location: { arn, apiCall, account: ctx.account, ...(ctx.global ? {} : { region: ctx.region }) },
    source: "aws",
  };
}

/** Why a call gave nothing: the scan may not make it, or it failed (after the SDK's retries). */
export function failureReason(action: string, e: unknown): string {
  const { name = "Error", message = "" } = e as { name?: string; message?: string };
  if (ACCESS_DENIED.has(name)) return `${name}: the scan may not call ${action}`;
  return `${name} calling ${action}${message && message !== name ? `: ${oneLine(message)}` : ""}`;
}

function oneLine(s: string): string {
  const line = s.split("\n")[0] ?? "";
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
