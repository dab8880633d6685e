/**
 * The collector table: one row per API list call. A row names the service, the operation, its paging
 * token fields and the IAM action it needs, and maps each listed item to canonical resources. Detail
 * calls (one per item) are rows too, nested in `details`, so the IAM policy a scan needs is read off
 * this table (`requiredActions`).
 */
import type { Resource } from "../../model/resource.js";

export interface CollectContext {
  account: string;
  region: string;
}

/** A detail call made once per listed item (S3 GetBucketEncryption for each bucket). */
export interface DetailRow<Item> {
  operation: string;
  iamAction: string;
  /** Error names meaning "nothing configured", mapped to the value to use instead. */
  notConfigured: Record<string, unknown>;
  call(client: unknown, item: Item): Promise<unknown>;
}

export interface CollectorRow<Item = unknown> {
  service: string;
  /** The SDK client package (lazily imported). */
  clientPackage: string;
  operation: string;
  iamAction: string;
  /** Paging token member names: request input field, response output field (none = single page). */
  paging?: { input: string; output: string };
  /** True when the call is global (S3 ListBuckets): made once, items then placed by region. */
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
    region: ctx.region,
    account: ctx.account,
    location: { arn, apiCall },
    source: "aws",
  };
}

export function deniedReason(action: string, e: unknown): string {
  const name = (e as { name?: string }).name ?? "Error";
  return `${name}: the scan may not call ${action}`;
}
