import type { AccountSnapshot, ApiObject } from "../account.js";
import { decodeToken, intParam, page, type Operation, type OpRequest } from "../operations.js";
import { ApiError, SERVICES } from "../protocols.js";
import { members, type XmlNaming } from "../xml.js";

export interface S3BucketSnapshot {
  /** ListBuckets `Bucket` members. */
  Name: string;
  CreationDate: string;
  /** GetBucketEncryption output; absent = the bucket has no default encryption configuration (404). */
  ServerSideEncryptionConfiguration?: { Rules: ApiObject[] };
  /** GetBucketVersioning output; absent or `{}` = versioning never enabled. */
  Versioning?: { Status?: "Enabled" | "Suspended"; MFADelete?: "Enabled" | "Disabled" };
  /** GetBucketLifecycleConfiguration output; absent = 404 NoSuchLifecycleConfiguration. */
  LifecycleConfiguration?: { Rules: ApiObject[] };
  /** GetBucketReplication output; absent = 404 ReplicationConfigurationNotFoundError. */
  ReplicationConfiguration?: { Role: string; Rules: ApiObject[] };
  /** GetPublicAccessBlock output; absent = 404 NoSuchPublicAccessBlockConfiguration. */
  PublicAccessBlockConfiguration?: Record<"BlockPublicAcls" | "IgnorePublicAcls" | "BlockPublicPolicy" | "RestrictPublicBuckets", boolean>;
  /** GetBucketCors output; absent = 404 NoSuchCORSConfiguration. */
  CORSConfiguration?: { CORSRules: ApiObject[] };
  /**
   * GetBucketPolicy: the policy document, kept as JSON here for readability (S3 answers it as the
   * raw JSON body); absent = 404 NoSuchBucketPolicy.
   */
  Policy?: ApiObject;
  /** GetBucketLogging `LoggingEnabled`; absent = an empty BucketLoggingStatus (logging off). */
  LoggingEnabled?: { TargetBucket: string; TargetPrefix: string };
}

/** fixtures/aws/<account>/s3.json, per region (a bucket belongs to the region it is listed under). */
export interface S3Region {
  Buckets: S3BucketSnapshot[];
}

export function allBuckets(account: AccountSnapshot): { bucket: S3BucketSnapshot; region: string }[] {
  return Object.entries(account.services.s3?.regions ?? {})
    .flatMap(([region, r]) => ((r as Partial<S3Region>).Buckets ?? []).map((bucket) => ({ bucket, region })))
    .sort((a, b) => (a.bucket.Name < b.bucket.Name ? -1 : a.bucket.Name > b.bucket.Name ? 1 : 0));
}

export const S3_NS = SERVICES.s3?.xmlns ?? "";
export const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** S3 lists are mostly flattened (each entry repeats the member's locationName); these are all we serve. */
const S3_LISTS: Record<string, string | { flattened: string }> = {
  Buckets: "Bucket",
  Rules: { flattened: "Rule" },
  Transitions: { flattened: "Transition" },
  NoncurrentVersionTransitions: { flattened: "NoncurrentVersionTransition" },
  Tags: { flattened: "Tag" },
  CORSRules: { flattened: "CORSRule" },
  AllowedHeaders: { flattened: "AllowedHeader" },
  AllowedMethods: { flattened: "AllowedMethod" },
  AllowedOrigins: { flattened: "AllowedOrigin" },
  ExposeHeaders: { flattened: "ExposeHeader" },
};

const s3Naming: XmlNaming = {
  element: (_parent, key) => (key === "MFADelete" ? "MfaDelete" : key),
  listMember: (key) => {
    const m = S3_LISTS[key];
    if (!m) throw new Error(`the test endpoint does not know how S3 names the entries of ${key}`);
    return m;
  },
};

/** A REST-XML document with the S3 namespace; `naming` for the members of one operation's output. */
export function s3Doc(root: string, body: ApiObject, naming: XmlNaming = s3Naming): { xml: string } {
  return { xml: `${XML_DECL}<${root} xmlns="${S3_NS}">${members(body, naming)}</${root}>` };
}

/** The bucket a path-style request names, answering as S3 does when it is missing or elsewhere. */
export function s3Bucket(req: OpRequest, { anyRegion = false } = {}): { bucket: S3BucketSnapshot; region: string } {
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

/** S3 query parameters other than the sub-resource key are refused (the SDK's `x-id` names the operation). */
function onlySubresource(req: OpRequest, sub: string): void {
  const extra = Object.keys(req.params).find((k) => k !== sub && k !== "x-id");
  if (extra) throw new ApiError(400, "InvalidArgument", `the test endpoint does not implement parameter ${extra}`);
}

/** GET /{bucket}?<sub>: one bucket configuration, answered in the bucket's region. */
function configOp(action: string, iamAction: string, sub: string, doc: (b: S3BucketSnapshot) => { xml: string }): Operation {
  return {
    service: "s3",
    action,
    iamAction,
    s3: { method: "GET", bucket: true, sub },
    handler: (req) => {
      onlySubresource(req, sub);
      return doc(s3Bucket(req).bucket);
    },
  };
}

/** A configuration a bucket may lack: S3 then answers its own 404 `code`. */
function orNotFound<T>(get: (b: S3BucketSnapshot) => T | undefined, code: string, message: string, render: (v: T) => { xml: string }): (b: S3BucketSnapshot) => { xml: string } {
  return (b) => {
    const v = get(b);
    if (v === undefined) throw new ApiError(404, code, message, { BucketName: b.Name });
    return render(v);
  };
}

export const s3Operations: Operation[] = [
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
      const owner = (req.account.services.s3?.owner as { ID: string } | undefined) ?? { ID: "0".repeat(64) };
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
  configOp("GetBucketEncryption", "s3:GetEncryptionConfiguration", "encryption", orNotFound((b) => b.ServerSideEncryptionConfiguration,
    "ServerSideEncryptionConfigurationNotFoundError", "The server side encryption configuration was not found", (c) => s3Doc("ServerSideEncryptionConfiguration", c))),
  configOp("GetBucketVersioning", "s3:GetBucketVersioning", "versioning", (b) => s3Doc("VersioningConfiguration", b.Versioning ?? {})),
  configOp("GetBucketLifecycleConfiguration", "s3:GetLifecycleConfiguration", "lifecycle", orNotFound((b) => b.LifecycleConfiguration,
    "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist", (c) => s3Doc("LifecycleConfiguration", c))),
  configOp("GetBucketReplication", "s3:GetReplicationConfiguration", "replication", orNotFound((b) => b.ReplicationConfiguration,
    "ReplicationConfigurationNotFoundError", "The replication configuration was not found", (c) => s3Doc("ReplicationConfiguration", c))),
  configOp("GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock", "publicAccessBlock", orNotFound((b) => b.PublicAccessBlockConfiguration,
    "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found", (c) => s3Doc("PublicAccessBlockConfiguration", c))),
  configOp("GetBucketCors", "s3:GetBucketCORS", "cors", orNotFound((b) => b.CORSConfiguration,
    "NoSuchCORSConfiguration", "The CORS configuration does not exist", (c) => s3Doc("CORSConfiguration", c))),
  // The policy is the whole body, as JSON (no XML document around it).
  configOp("GetBucketPolicy", "s3:GetBucketPolicy", "policy", orNotFound((b) => b.Policy,
    "NoSuchBucketPolicy", "The bucket policy does not exist", (p) => ({ xml: JSON.stringify(p) }))),
  configOp("GetBucketLogging", "s3:GetBucketLogging", "logging", (b) => s3Doc("BucketLoggingStatus", b.LoggingEnabled ? { LoggingEnabled: b.LoggingEnabled } : {})),
];
