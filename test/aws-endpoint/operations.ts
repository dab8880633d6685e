import type { AccountSnapshot, ApiObject, RegionSnapshot, S3BucketSnapshot } from "./account.js";
import { ApiError, SERVICES } from "./protocols.js";
import { members, type XmlNaming } from "./xml.js";

export interface OpRequest {
  account: AccountSnapshot;
  region: string;
  service: string;
  action: string;
  /** query/ec2: the form parameters; rest-xml: the URL query string. */
  params: Record<string, string>;
  /** json: the parsed request body. */
  json: Record<string, unknown>;
  /** rest-xml: the path-style bucket, if any. */
  bucket?: string;
  /** Server-side page size cap (a real service may return fewer entries than asked for). */
  pageSize?: number;
}

/** query/ec2/json: the output structure in API member names. rest-xml: the response body. */
export type OpResult = ApiObject | { xml: string };

export interface Operation {
  service: string;
  action: string;
  /** The IAM action that authorises the call (not always the API name). */
  iamAction: string;
  /** rest-xml routing: method, whether the path names a bucket, and the sub-resource query key. */
  s3?: { method: string; bucket: boolean; sub?: string };
  handler(req: OpRequest): OpResult;
}

// ---- helpers -------------------------------------------------------------------------------

function regionOf(req: OpRequest): RegionSnapshot {
  return req.account.regions[req.region] ?? {};
}

/** Opaque paging tokens, bound to service and action so a token from elsewhere is rejected. */
function encodeToken(req: OpRequest, offset: number): string {
  return Buffer.from(JSON.stringify({ a: `${req.service}:${req.action}`, r: req.region, o: offset })).toString("base64url");
}

function decodeToken(req: OpRequest, token: string | undefined, invalid: () => ApiError): number {
  if (token === undefined || token === "") return 0;
  try {
    const t = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { a?: string; r?: string; o?: number };
    if (t.a === `${req.service}:${req.action}` && t.r === req.region && typeof t.o === "number" && t.o >= 0) return t.o;
  } catch {
    // fall through
  }
  throw invalid();
}

function page<T>(req: OpRequest, items: T[], offset: number, asked: number): { items: T[]; next?: string } {
  const size = Math.min(asked, req.pageSize ?? Infinity);
  const slice = items.slice(offset, offset + size);
  return offset + size < items.length ? { items: slice, next: encodeToken(req, offset + size) } : { items: slice };
}

function intParam(v: unknown, name: string, min: number, max: number, dflt: number, err: (m: string) => ApiError): number {
  if (v === undefined || v === "") return dflt;
  const n = typeof v === "number" ? v : Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw err(`${name} must be between ${min} and ${max}, got ${String(v)}`);
  return n;
}

/** `Prefix.1`, `Prefix.2`… form parameters as a list. */
function listParam(params: Record<string, string>, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; params[`${prefix}.${i}`] !== undefined; i++) out.push(params[`${prefix}.${i}`] as string);
  return out;
}

function rejectUnsupported(params: Record<string, string>, known: string[], err: (m: string) => ApiError): void {
  for (const k of Object.keys(params)) {
    if (k === "Action" || k === "Version") continue;
    if (!known.some((p) => k === p || k.startsWith(`${p}.`))) throw err(`the test endpoint does not implement parameter ${k}`);
  }
}

function allBuckets(account: AccountSnapshot): { bucket: S3BucketSnapshot; region: string }[] {
  return Object.entries(account.regions)
    .flatMap(([region, r]) => (r.s3?.Buckets ?? []).map((bucket) => ({ bucket, region })))
    .sort((a, b) => (a.bucket.Name < b.bucket.Name ? -1 : a.bucket.Name > b.bucket.Name ? 1 : 0));
}

const S3_NS = SERVICES.s3?.xmlns ?? "";
const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

const s3Naming: XmlNaming = {
  element: (_parent, key) => (key === "MFADelete" ? "MfaDelete" : key),
  listMember: (key) => (key === "Rules" ? { flattened: "Rule" } : key === "Buckets" ? "Bucket" : "member"),
};

function s3Doc(root: string, body: ApiObject): { xml: string } {
  const inner = members(body, s3Naming);
  return { xml: `${XML_DECL}<${root} xmlns="${S3_NS}">${inner}</${root}>` };
}

/** The bucket a path-style request names, answering as S3 does when it is missing or elsewhere. */
function s3Bucket(req: OpRequest, { anyRegion = false } = {}): { bucket: S3BucketSnapshot; region: string } {
  const found = allBuckets(req.account).find((b) => b.bucket.Name === req.bucket);
  if (!found) throw new ApiError(404, "NoSuchBucket", "The specified bucket does not exist", { BucketName: req.bucket ?? "" });
  if (!anyRegion && found.region !== req.region) {
    throw new ApiError(
      301,
      "PermanentRedirect",
      "The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.",
      { Bucket: found.bucket.Name, Endpoint: `s3.${found.region}.amazonaws.com` },
      { "x-amz-bucket-region": found.region },
    );
  }
  return found;
}

const queryInvalid = (m: string) => new ApiError(400, "InvalidParameterValue", m);
const logsInvalid = (m: string) => new ApiError(400, "InvalidParameterException", m);

// ---- the table -----------------------------------------------------------------------------

export const OPERATIONS: Operation[] = [
  {
    service: "sts",
    action: "GetCallerIdentity",
    iamAction: "sts:GetCallerIdentity",
    handler: (req) => ({ UserId: req.account.caller.UserId, Account: req.account.accountId, Arn: req.account.caller.Arn }),
  },
  {
    service: "rds",
    action: "DescribeDBInstances",
    iamAction: "rds:DescribeDBInstances",
    handler: (req) => {
      rejectUnsupported(req.params, ["DBInstanceIdentifier", "MaxRecords", "Marker"], (m) => new ApiError(400, "InvalidParameterCombination", m));
      let all = regionOf(req).rds?.DBInstances ?? [];
      const id = req.params.DBInstanceIdentifier;
      if (id !== undefined) {
        all = all.filter((d) => d.DBInstanceIdentifier === id);
        if (all.length === 0) throw new ApiError(404, "DBInstanceNotFound", `DBInstance ${id} not found.`);
      }
      const max = intParam(req.params.MaxRecords, "MaxRecords", 20, 100, 100, queryInvalid);
      const offset = decodeToken(req, req.params.Marker, () => queryInvalid("Invalid marker"));
      const p = page(req, all, offset, max);
      return { ...(p.next ? { Marker: p.next } : {}), DBInstances: p.items };
    },
  },
  {
    service: "ec2",
    action: "DescribeSecurityGroups",
    iamAction: "ec2:DescribeSecurityGroups",
    handler: (req) => {
      rejectUnsupported(req.params, ["GroupId", "MaxResults", "NextToken", "DryRun"], (m) => new ApiError(400, "InvalidParameterValue", m));
      let all = regionOf(req).ec2?.SecurityGroups ?? [];
      const ids = listParam(req.params, "GroupId");
      if (ids.length > 0) {
        if (req.params.MaxResults !== undefined) {
          throw new ApiError(400, "InvalidParameterCombination", "The parameter groupIds cannot be used with the parameter maxResults");
        }
        const missing = ids.find((i) => !all.some((g) => g.GroupId === i));
        if (missing) throw new ApiError(400, "InvalidGroup.NotFound", `The security group '${missing}' does not exist`);
        all = all.filter((g) => ids.includes(g.GroupId as string));
      }
      const max = intParam(req.params.MaxResults, "MaxResults", 5, 1000, 1000, queryInvalid);
      const offset = decodeToken(req, req.params.NextToken, () => new ApiError(400, "InvalidPaginationToken", "Invalid pagination token"));
      const p = page(req, all, offset, max);
      return { SecurityGroups: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    },
  },
  {
    service: "s3",
    action: "ListBuckets",
    iamAction: "s3:ListAllMyBuckets",
    s3: { method: "GET", bucket: false },
    handler: (req) => {
      let all = allBuckets(req.account);
      const prefix = req.params.prefix;
      if (prefix) all = all.filter((b) => b.bucket.Name.startsWith(prefix));
      const wanted = req.params["bucket-region"];
      if (wanted) all = all.filter((b) => b.region === wanted);
      const asked = req.params["max-buckets"] === undefined ? 10000 : intParam(req.params["max-buckets"], "max-buckets", 1, 10000, 10000, (m) => new ApiError(400, "InvalidArgument", m));
      const offset = decodeToken(req, req.params["continuation-token"], () => new ApiError(400, "InvalidArgument", "The continuation token provided is incorrect"));
      const p = page({ ...req, pageSize: req.params["max-buckets"] === undefined ? undefined : req.pageSize }, all, offset, asked);
      const owner = req.account.s3Owner ?? { ID: "0".repeat(64) };
      return s3Doc("ListAllMyBucketsResult", {
        Owner: owner,
        Buckets: p.items.map((b) => ({ Name: b.bucket.Name, CreationDate: b.bucket.CreationDate, BucketRegion: b.region })),
        ...(p.next ? { ContinuationToken: p.next } : {}),
        ...(prefix ? { Prefix: prefix } : {}),
      });
    },
  },
  {
    service: "s3",
    action: "GetBucketLocation",
    iamAction: "s3:GetBucketLocation",
    s3: { method: "GET", bucket: true, sub: "location" },
    handler: (req) => {
      const { region } = s3Bucket(req, { anyRegion: true });
      // us-east-1 is the empty LocationConstraint (and EU the legacy name of eu-west-1).
      const value = region === "us-east-1" ? "" : region;
      return { xml: `${XML_DECL}${value ? `<LocationConstraint xmlns="${S3_NS}">${value}</LocationConstraint>` : `<LocationConstraint xmlns="${S3_NS}"/>`}` };
    },
  },
  {
    service: "s3",
    action: "GetBucketEncryption",
    iamAction: "s3:GetEncryptionConfiguration",
    s3: { method: "GET", bucket: true, sub: "encryption" },
    handler: (req) => {
      const { bucket } = s3Bucket(req);
      if (!bucket.ServerSideEncryptionConfiguration) {
        throw new ApiError(404, "ServerSideEncryptionConfigurationNotFoundError", "The server side encryption configuration was not found", { BucketName: bucket.Name });
      }
      return s3Doc("ServerSideEncryptionConfiguration", bucket.ServerSideEncryptionConfiguration);
    },
  },
  {
    service: "s3",
    action: "GetBucketVersioning",
    iamAction: "s3:GetBucketVersioning",
    s3: { method: "GET", bucket: true, sub: "versioning" },
    handler: (req) => {
      const { bucket } = s3Bucket(req);
      return s3Doc("VersioningConfiguration", bucket.Versioning ?? {});
    },
  },
  {
    service: "logs",
    action: "DescribeLogGroups",
    iamAction: "logs:DescribeLogGroups",
    handler: (req) => {
      const known = ["limit", "nextToken", "logGroupNamePrefix"];
      const unknown = Object.keys(req.json).find((k) => !known.includes(k));
      if (unknown) throw logsInvalid(`the test endpoint does not implement parameter ${unknown}`);
      let all = regionOf(req).logs?.logGroups ?? [];
      const prefix = req.json.logGroupNamePrefix;
      if (typeof prefix === "string") all = all.filter((g) => String(g.logGroupName).startsWith(prefix));
      const limit = intParam(req.json.limit, "limit", 1, 50, 50, logsInvalid);
      const token = req.json.nextToken;
      const offset = decodeToken(req, typeof token === "string" ? token : undefined, () => logsInvalid("The specified nextToken is invalid."));
      const p = page(req, all, offset, limit);
      return { logGroups: p.items, ...(p.next ? { nextToken: p.next } : {}) };
    },
  },
];

/** The resource ARN an AccessDenied message names. */
export function resourceArn(req: { service: string; region: string; bucket?: string }, accountId: string): string {
  if (req.service === "s3") return req.bucket ? `arn:aws:s3:::${req.bucket}` : "*";
  if (req.service === "sts") return `arn:aws:sts::${accountId}:*`;
  return `arn:aws:${req.service}:${req.region}:${accountId}:*`;
}
