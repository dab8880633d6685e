/**
 * What an operation of the local endpoint is, and the helpers every service's operations share
 * (paging tokens, parameter checks). The operations themselves live in `services/`, one file a service.
 */
import type { AccountSnapshot, ApiObject } from "./account.js";
import { ApiError } from "./protocols.js";
import type { XmlNaming } from "./xml.js";

export interface OpRequest {
  /** The account the request's credentials belong to. */
  account: AccountSnapshot;
  /** Every account the endpoint serves (an organization, an aggregator's sources). */
  accounts: AccountSnapshot[];
  /** Mints an access key that acts in `target` as `caller` (STS AssumeRole). */
  issueKey(target: AccountSnapshot, caller: AccountSnapshot["caller"]): string;
  region: string;
  service: string;
  action: string;
  /** query/ec2: the form parameters; rest-xml/rest-json: the URL query string. */
  params: Record<string, string>;
  /** json/rest-json: the parsed request body. */
  json: Record<string, unknown>;
  /** rest-json/rest-xml: the `{Label}`s of the operation's path, decoded. */
  path: Record<string, string>;
  /** S3: the path-style bucket, if any. */
  bucket?: string;
  /** Server-side page size cap (a real service may return fewer entries than asked for). */
  pageSize?: number;
}

/** query/ec2/json/rest-json: the output structure in API member names. rest-xml: the response body. */
export type OpResult = ApiObject | { xml: string };

export interface Operation {
  service: string;
  action: string;
  /** The IAM action that authorises the call (not always the API name). */
  iamAction: string;
  /** S3 routing: method, whether the path names a bucket, and the sub-resource query key. */
  s3?: { method: string; bucket: boolean; sub?: string };
  /** rest-json / rest-xml routing (not S3): method and path template with `{Label}`s (`{Name+}` greedy). */
  rest?: { method: string; path: string };
  /** query protocol: how members and list entries are named on the wire (default: `<member>` lists). */
  naming?: XmlNaming;
  /** query protocol: the `<XResult>` wrapper is left out (a few operations have no output members). */
  handler(req: OpRequest): OpResult;
}

/** Opaque paging tokens, bound to service and action so a token from elsewhere is rejected. */
export function encodeToken(req: OpRequest, offset: number): string {
  return Buffer.from(JSON.stringify({ a: `${req.service}:${req.action}`, r: req.region, o: offset })).toString("base64url");
}

export function decodeToken(req: OpRequest, token: string | undefined, invalid: () => ApiError): number {
  if (token === undefined || token === "") return 0;
  try {
    const t = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { a?: string; r?: string; o?: number };
    if (t.a === `${req.service}:${req.action}` && t.r === req.region && typeof t.o === "number" && t.o >= 0) return t.o;
  } catch {
    // fall through
  }
  throw invalid();
}

/** One page of `items` from `offset`, at most `asked` (and the endpoint's page size cap). */
export function page<T>(req: OpRequest, items: T[], offset: number, asked: number): { items: T[]; next?: string } {
  const size = Math.min(asked, req.pageSize ?? Infinity);
  const slice = items.slice(offset, offset + size);
  return offset + size < items.length ? { items: slice, next: encodeToken(req, offset + size) } : { items: slice };
}

export function intParam(v: unknown, name: string, min: number, max: number, dflt: number, err: (m: string) => ApiError): number {
  if (v === undefined || v === "") return dflt;
  const n = typeof v === "number" ? v : Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw err(`${name} must be between ${min} and ${max}, got ${String(v)}`);
  return n;
}

/** `Prefix.1`, `Prefix.2`… form parameters as a list (`Prefix.member.1` with `member`). */
export function listParam(params: Record<string, string>, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; params[`${prefix}.${i}`] !== undefined; i++) out.push(params[`${prefix}.${i}`] as string);
  return out;
}

/** Rejects form parameters the endpoint does not implement, so a collector never relies on one silently. */
export function rejectUnsupported(params: Record<string, string>, known: string[], err: (m: string) => ApiError): void {
  for (const k of Object.keys(params)) {
    if (k === "Action" || k === "Version") continue;
    if (!known.some((p) => k === p || k.startsWith(`${p}.`))) throw err(`the test endpoint does not implement parameter ${k}`);
  }
}

/** The same for a JSON request body. */
export function rejectUnsupportedJson(json: Record<string, unknown>, known: string[], err: (m: string) => ApiError): void {
  const unknown = Object.keys(json).find((k) => !known.includes(k));
  if (unknown) throw err(`the test endpoint does not implement parameter ${unknown}`);
}

/** A JSON request's paging in one call: `{ items, next }` from the body's token and limit members. */
export function jsonPage<T>(req: OpRequest, items: T[], opts: { token: string; limit: string; max: number; dflt?: number; invalid: (m: string) => ApiError }): { items: T[]; next?: string } {
  const limit = intParam(req.json[opts.limit], opts.limit, 1, opts.max, opts.dflt ?? opts.max, opts.invalid);
  const token = req.json[opts.token];
  const offset = decodeToken(req, typeof token === "string" ? token : undefined, () => opts.invalid(`The specified ${opts.token} is invalid.`));
  return page(req, items, offset, limit);
}
