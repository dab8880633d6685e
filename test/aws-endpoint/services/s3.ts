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

const s3Naming: XmlNaming = {
  element: (_parent, key) => (key === "MFADelete" ? "MfaDelete" : key),
  listMember: (key) => (key === "Rules" ? { flattened: "Rule" } : key === "Buckets" ? "Bucket" : "member"),
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
];
