import type {
  Bucket, GetBucketCorsCommandOutput, GetBucketEncryptionCommandOutput, GetBucketLifecycleConfigurationCommandOutput, GetBucketLoggingCommandOutput,
  GetBucketPolicyCommandOutput, GetBucketReplicationCommandOutput, GetBucketVersioningCommandOutput, GetPublicAccessBlockCommandOutput, LifecycleRule,
  ReplicationRule, S3Client,
} from "@aws-sdk/client-s3";
import type { Resource } from "../../model/resource.js";
import { liveResource, pageOf, tokenParam, type CollectContext, type CollectorRow, type DetailResult, type DetailRow } from "./table.js";

type S3Module = typeof import("@aws-sdk/client-s3");

/**
 * One bucket configuration read by its own Get call and kept as the provider's split resource
 * (aws_s3_bucket_versioning…), tied to the bucket by `bucket` = its name as in a plan.
 */
interface BucketConfig {
  /** Detail key and ARN suffix: the S3 sub-resource name. */
  key: string;
  operation: string;
  iamAction: string;
  /** S3's "not configured" errors: the bucket has no such resource. */
  notConfigured: Record<string, unknown>;
  type: string;
  /** What a denied or failed call leaves unknown. */
  attrs: string[];
  send(client: S3Client, m: S3Module, bucket: string): Promise<unknown>;
  /** The resource's values besides `bucket`; undefined when the answer says nothing is configured. */
  values(out: unknown): Record<string, unknown> | undefined;
}

const block = <T>(v: T | undefined, f: (v: T) => Record<string, unknown>): Record<string, unknown>[] => (v === undefined ? [] : [f(v)]);
const status = (s: { Status?: string }) => ({ status: s.Status });
const date = (d: Date | undefined) => d?.toISOString();

function lifecycleRule(r: LifecycleRule): Record<string, unknown> {
  return {
    id: r.ID ?? "",
    status: r.Status,
    prefix: r.Prefix ?? "",
    filter: block(r.Filter, (f) => ({ prefix: f.Prefix ?? "", object_size_greater_than: f.ObjectSizeGreaterThan, object_size_less_than: f.ObjectSizeLessThan, tag: block(f.Tag, (t) => ({ key: t.Key, value: t.Value })) })),
    expiration: block(r.Expiration, (e) => ({ days: e.Days, date: date(e.Date), expired_object_delete_marker: e.ExpiredObjectDeleteMarker ?? false })),
    transition: (r.Transitions ?? []).map((t) => ({ days: t.Days, date: date(t.Date), storage_class: t.StorageClass })),
    noncurrent_version_expiration: block(r.NoncurrentVersionExpiration, (e) => ({ noncurrent_days: e.NoncurrentDays, newer_noncurrent_versions: e.NewerNoncurrentVersions })),
    noncurrent_version_transition: (r.NoncurrentVersionTransitions ?? []).map((t) => ({ noncurrent_days: t.NoncurrentDays, storage_class: t.StorageClass })),
    abort_incomplete_multipart_upload: block(r.AbortIncompleteMultipartUpload, (a) => ({ days_after_initiation: a.DaysAfterInitiation })),
  };
}

function replicationRule(r: ReplicationRule): Record<string, unknown> {
  const d = r.Destination;
  return {
    id: r.ID ?? "",
    status: r.Status,
    priority: r.Priority,
    prefix: r.Prefix ?? "",
    filter: block(r.Filter, (f) => ({ prefix: f.Prefix ?? "", tag: block(f.Tag, (t) => ({ key: t.Key, value: t.Value })) })),
    destination: block(d, (x) => ({
      bucket: x.Bucket,
      account: x.Account,
      storage_class: x.StorageClass,
      encryption_configuration: block(x.EncryptionConfiguration, (e) => ({ replica_kms_key_id: e.ReplicaKmsKeyID })),
    })),
    delete_marker_replication: block(r.DeleteMarkerReplication, status),
    existing_object_replication: block(r.ExistingObjectReplication, status),
    source_selection_criteria: block(r.SourceSelectionCriteria, (s) => ({
      sse_kms_encrypted_objects: block(s.SseKmsEncryptedObjects, status),
      replica_modifications: block(s.ReplicaModifications, status),
    })),
  };
}

const BUCKET_CONFIGS: BucketConfig[] = [
  {
    key: "encryption",
    operation: "GetBucketEncryption",
    iamAction: "s3:GetEncryptionConfiguration",
    notConfigured: { ServerSideEncryptionConfigurationNotFoundError: null },
    type: "aws_s3_bucket_server_side_encryption_configuration",
    attrs: ["rule"],
    send: (c, m, Bucket) => c.send(new m.GetBucketEncryptionCommand({ Bucket })),
    values: (out) => ({
      rule: ((out as GetBucketEncryptionCommandOutput).ServerSideEncryptionConfiguration?.Rules ?? []).map((r) => ({
        apply_server_side_encryption_by_default: block(r.ApplyServerSideEncryptionByDefault, (d) => ({ sse_algorithm: d.SSEAlgorithm, kms_master_key_id: d.KMSMasterKeyID ?? "" })),
        bucket_key_enabled: r.BucketKeyEnabled ?? false,
      })),
    }),
  },
  {
    key: "versioning",
    operation: "GetBucketVersioning",
    iamAction: "s3:GetBucketVersioning",
    notConfigured: {},
    type: "aws_s3_bucket_versioning",
    attrs: ["versioning_configuration"],
    send: (c, m, Bucket) => c.send(new m.GetBucketVersioningCommand({ Bucket })),
    values: (out) => {
      const v = out as GetBucketVersioningCommandOutput;
      return { versioning_configuration: [{ status: v.Status ?? "Disabled", mfa_delete: v.MFADelete ?? "Disabled" }] };
    },
  },
  {
    key: "lifecycle",
    operation: "GetBucketLifecycleConfiguration",
    iamAction: "s3:GetLifecycleConfiguration",
    notConfigured: { NoSuchLifecycleConfiguration: null },
    type: "aws_s3_bucket_lifecycle_configuration",
    attrs: ["rule"],
    send: (c, m, Bucket) => c.send(new m.GetBucketLifecycleConfigurationCommand({ Bucket })),
    values: (out) => ({ rule: ((out as GetBucketLifecycleConfigurationCommandOutput).Rules ?? []).map(lifecycleRule) }),
  },
  {
    key: "replication",
    operation: "GetBucketReplication",
    iamAction: "s3:GetReplicationConfiguration",
    notConfigured: { ReplicationConfigurationNotFoundError: null },
    type: "aws_s3_bucket_replication_configuration",
    attrs: ["role", "rule"],
    send: (c, m, Bucket) => c.send(new m.GetBucketReplicationCommand({ Bucket })),
    values: (out) => {
      const r = (out as GetBucketReplicationCommandOutput).ReplicationConfiguration;
      return { role: r?.Role, rule: (r?.Rules ?? []).map(replicationRule) };
    },
  },
  {
    key: "publicAccessBlock",
    operation: "GetPublicAccessBlock",
    iamAction: "s3:GetBucketPublicAccessBlock",
    notConfigured: { NoSuchPublicAccessBlockConfiguration: null },
    type: "aws_s3_bucket_public_access_block",
    attrs: ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"],
    send: (c, m, Bucket) => c.send(new m.GetPublicAccessBlockCommand({ Bucket })),
    values: (out) => {
      // A flag S3 leaves out is off.
      const p = (out as GetPublicAccessBlockCommandOutput).PublicAccessBlockConfiguration ?? {};
      return {
        block_public_acls: p.BlockPublicAcls ?? false,
        block_public_policy: p.BlockPublicPolicy ?? false,
        ignore_public_acls: p.IgnorePublicAcls ?? false,
        restrict_public_buckets: p.RestrictPublicBuckets ?? false,
      };
    },
  },
  {
    key: "cors",
    operation: "GetBucketCors",
    iamAction: "s3:GetBucketCORS",
    notConfigured: { NoSuchCORSConfiguration: null },
    type: "aws_s3_bucket_cors_configuration",
    attrs: ["cors_rule"],
    send: (c, m, Bucket) => c.send(new m.GetBucketCorsCommand({ Bucket })),
    values: (out) => ({
      cors_rule: ((out as GetBucketCorsCommandOutput).CORSRules ?? []).map((r) => ({
        id: r.ID ?? "",
        allowed_headers: r.AllowedHeaders ?? [],
        allowed_methods: r.AllowedMethods ?? [],
        allowed_origins: r.AllowedOrigins ?? [],
        expose_headers: r.ExposeHeaders ?? [],
        max_age_seconds: r.MaxAgeSeconds,
      })),
    }),
  },
  {
    key: "policy",
    operation: "GetBucketPolicy",
    iamAction: "s3:GetBucketPolicy",
    notConfigured: { NoSuchBucketPolicy: null },
    type: "aws_s3_bucket_policy",
    attrs: ["policy"],
    send: (c, m, Bucket) => c.send(new m.GetBucketPolicyCommand({ Bucket })),
    values: (out) => ({ policy: (out as GetBucketPolicyCommandOutput).Policy ?? "" }),
  },
  {
    key: "logging",
    operation: "GetBucketLogging",
    iamAction: "s3:GetBucketLogging",
    notConfigured: {},
    type: "aws_s3_bucket_logging",
    attrs: ["target_bucket", "target_prefix"],
    send: (c, m, Bucket) => c.send(new m.GetBucketLoggingCommand({ Bucket })),
    values: (out) => {
      // An empty BucketLoggingStatus: access logging is off, as when no aws_s3_bucket_logging exists.
      const l = (out as GetBucketLoggingCommandOutput).LoggingEnabled;
      return l ? { target_bucket: l.TargetBucket, target_prefix: l.TargetPrefix ?? "" } : undefined;
    },
  },
];

function detailRow(c: BucketConfig): DetailRow<Bucket> {
  return {
    operation: c.operation,
    iamAction: c.iamAction,
    notConfigured: c.notConfigured,
    async call(client, b) {
      return c.send(client as S3Client, await import("@aws-sdk/client-s3"), b.Name ?? "");
    },
  };
}

/** The configuration's resource: its values, or its attributes unreadable when the call failed. */
function configResource(c: BucketConfig, name: string, arn: string, d: DetailResult | undefined, ctx: CollectContext): Resource | undefined {
  if (!d) return undefined;
  const address = `${arn}?${c.key}`;
  const apiCall = `s3:${c.operation}`;
  if (!d.ok) return liveResource(c.type, address, { bucket: name }, ctx, apiCall, Object.fromEntries(c.attrs.map((a) => [a, d.reason])));
  const values = d.value === null ? undefined : c.values(d.value);
  return values && liveResource(c.type, address, { bucket: name, ...values }, ctx, apiCall);
}

export const s3Rows: CollectorRow<Bucket>[] = [
  {
    service: "s3",
    clientPackage: "@aws-sdk/client-s3",
    clientClass: "S3Client",
    operation: "ListBuckets",
    iamAction: "s3:ListAllMyBuckets",
    types: ["aws_s3_bucket", ...BUCKET_CONFIGS.map((c) => c.type)],
    paging: { input: "ContinuationToken", output: "ContinuationToken" },
    global: true,
    async list(client, token) {
      const { ListBucketsCommand } = await import("@aws-sdk/client-s3");
      const out = await (client as S3Client).send(new ListBucketsCommand({ ...tokenParam("ContinuationToken", token) }));
      return pageOf(out.Buckets, out.ContinuationToken);
    },
    // Also where a replication destination lives: it is listed too, so CB-S3-004 reads its region.
    regionOf: {
      operation: "GetBucketLocation",
      iamAction: "s3:GetBucketLocation",
      async call(client, b) {
        const { GetBucketLocationCommand } = await import("@aws-sdk/client-s3");
        const out = await (client as S3Client).send(new GetBucketLocationCommand({ Bucket: b.Name }));
        const c = out.LocationConstraint as string | undefined;
        return !c ? "us-east-1" : c === "EU" ? "eu-west-1" : c;
      },
    },
    details: Object.fromEntries(BUCKET_CONFIGS.map((c) => [c.key, detailRow(c)])),
    map(b, details, ctx) {
      const name = b.Name ?? "";
      const arn = `arn:aws:s3:::${name}`;
      // The domain names are how CloudFront (logging_config.bucket) and origins name a bucket.
      const values = { arn, id: name, bucket: name, bucket_domain_name: `${name}.s3.amazonaws.com`, bucket_regional_domain_name: `${name}.s3.${ctx.region}.amazonaws.com` };
      const out: Resource[] = [liveResource("aws_s3_bucket", arn, values, ctx, "s3:ListBuckets")];
      for (const c of BUCKET_CONFIGS) {
        const r = configResource(c, name, arn, details[c.key], ctx);
        if (r) out.push(r);
      }
      return out;
    },
  } satisfies CollectorRow<Bucket>,
];
