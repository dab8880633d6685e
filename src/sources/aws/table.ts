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
  list(client: unknown, token: string | undefined, ctx: CollectContext): Promise<Page<Item>>;
  /** For a global list: the region an item belongs to (may call the API). */
  regionOf?: { operation: string; iamAction: string; call(client: unknown, item: Item): Promise<string> };
  details?: Record<string, DetailRow<Item>>;
  /**
   * Maps an item (with its detail results, or the denial reason for a denied detail) to resources.
   */
  map(item: Item, details: Record<string, DetailResult>, ctx: CollectContext): Resource[];
}

/** One page of a list call: its items and the next page's token, if any. */
export type Page<T> = { items: T[]; next?: string };

/** A page from a call's answer: its list (absent when empty) and its next-page token. */
export function pageOf<T>(items: T[] | undefined, next: string | undefined): Page<T> {
  return { items: items ?? [], ...(next ? { next } : {}) };
}

/** The request member carrying a page token (`NextToken`, `Marker`…), left out on the first page. */
export function tokenParam<K extends string>(name: K, token: string | undefined): Partial<Record<K, string>> {
  return (token ? { [name]: token } : {}) as Partial<Record<K, string>>;
}

export type DetailResult = { ok: true; value: unknown } | { ok: false; reason: string };

/** Error names meaning the caller may not make the call. */
export const ACCESS_DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError"]);

/** `values` without its undefined members: an API leaving a member out is the attribute left out. */
export function defined(values: Record<string, unknown>): Record<string, unknown> {
  return values;
}

export function liveResource(type: string, arn: string, values: Record<string, unknown>, ctx: CollectContext, apiCall: string, unreadable?: Record<string, string>): Resource {
  return {
    address: arn,
    baseAddress: arn,
    modulePath: "",
    type,
    values: defined(values),
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

/** Every page of a call, one after another. */
export async function allPages<T>(one: (token: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const p = await one(token);
    out.push(...p.items);
    token = nextToken(p.next, seen);
  } while (token);
  return out;
}

/**
 * The next page's token, refusing one already used: a service that hands back the same token would
 * otherwise page forever (the listing then counts as not read, never as complete).
 */
function nextToken(next: string | undefined, seen: Set<string>): string | undefined {
  if (next === undefined || next === "") return undefined;
  if (seen.has(next)) throw Object.assign(new Error("the service repeated a paging token"), { name: "RepeatedPagingToken" });
  seen.add(next);
  return next;
}

/**
 * One page of a row whose items belong to parents another call lists (targets of rules,
 * subscriptions of topics): a page of parents, then all their children. The children are their own
 * row, not a detail, so a denied child call leaves their type unread and the rules that look for
 * them unknown rather than failed. A failed parent list is named as such, never blamed on the
 * child action.
 */
export async function childrenOfPage<P, C>(parents: () => Promise<Page<P>>, parentAction: string, children: (parent: P) => Promise<C[]>): Promise<Page<C>> {
  let page: Page<P>;
  try {
    page = await parents();
  } catch (e) {
    throw Object.assign(new Error(failureReason(parentAction, e)), { name: "ParentsNotListed" });
  }
  const items: C[] = [];
  for (const p of page.items) items.push(...(await children(p)));
  return { items, ...(page.next ? { next: page.next } : {}) };
}

/**
 * A call two detail rows of one item both need (the child list a Get per child depends on): made
 * once per item, whichever detail asks first.
 */
export function sharedPerItem<I extends object, T>(call: (client: unknown, item: I) => Promise<T>): (client: unknown, item: I) => Promise<T> {
  const made = new WeakMap<I, Promise<T>>();
  return (client, item) => {
    let p = made.get(item);
    if (!p) made.set(item, (p = call(client, item)));
    return p;
  };
}
