/**
 * AWS::S3::Bucket: the bucket's sub-resources are in `supplementaryConfiguration`, in the Java SDK's
 * model (`BucketVersioningConfiguration.status` "Off", lifecycle filter predicates, replication rules
 * keyed by id), turned here into the GetBucketX outputs the S3 row's details expect. Its region is the
 * item's `awsRegion` (no GetBucketLocation).
 */
import { configuration, supplementary, type ConfigDetail, type ConfigItem, type ConfigType } from "./items.js";

type Api = Record<string, unknown>;

/** Members without a value are left out, as the API leaves them out. */
function defined(o: Api): Api {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
}

/** Java's "not set" for lifecycle day counts is -1. */
function days(n: unknown): number | undefined {
  return typeof n === "number" && n >= 0 ? n : undefined;
}

function orNone(value: Api | undefined, error: string): ConfigDetail {
  return value === undefined ? { notConfigured: error } : { value };
}

interface Predicate {
  type?: string;
  prefix?: string;
  tag?: { key?: string; value?: string };
  objectSizeGreaterThan?: number;
  objectSizeLessThan?: number;
  operands?: Predicate[];
}

function tag(t: Predicate["tag"]): Api {
  return { Key: t?.key, Value: t?.value };
}

/** A lifecycle or replication filter predicate → the API's `Filter`. */
function filter(p: Predicate | undefined | null): Api | undefined {
  if (!p) return undefined;
  switch (p.type) {
    case "LifecycleTagPredicate":
    case "ReplicationTagPredicate":
      return { Tag: tag(p.tag) };
    case "LifecycleObjectSizeGreaterThanPredicate":
      return { ObjectSizeGreaterThan: p.objectSizeGreaterThan };
    case "LifecycleObjectSizeLessThanPredicate":
      return { ObjectSizeLessThan: p.objectSizeLessThan };
    case "LifecycleAndOperator":
    case "ReplicationAndOperator": {
      const ops = p.operands ?? [];
      const prefix = ops.find((o) => o.prefix !== undefined)?.prefix;
      const and = defined({
        Prefix: prefix,
        Tags: ops.filter((o) => o.tag).map((o) => tag(o.tag)),
        ObjectSizeGreaterThan: ops.find((o) => o.objectSizeGreaterThan !== undefined)?.objectSizeGreaterThan,
        ObjectSizeLessThan: ops.find((o) => o.objectSizeLessThan !== undefined)?.objectSizeLessThan,
      });
      return { And: and };
    }
    default:
      return { Prefix: p.prefix ?? "" };
  }
}

interface LifecycleRule {
  id?: string;
  status?: string;
  prefix?: string;
  filter?: { predicate?: Predicate | null };
  expirationInDays?: number;
  expirationDate?: string;
  expiredObjectDeleteMarker?: boolean;
  noncurrentVersionExpirationInDays?: number;
  transitions?: { days?: number; date?: string; storageClass?: string }[];
  noncurrentVersionTransitions?: { days?: number; storageClass?: string }[];
  abortIncompleteMultipartUpload?: { daysAfterInitiation?: number };
}

function lifecycleRule(r: LifecycleRule): Api {
  const expiration = defined({ Days: days(r.expirationInDays), Date: r.expirationDate, ExpiredObjectDeleteMarker: r.expiredObjectDeleteMarker === true ? true : undefined });
  const noncurrent = days(r.noncurrentVersionExpirationInDays);
  return defined({
    ID: r.id,
    Status: r.status,
    Filter: r.filter ? (filter(r.filter.predicate) ?? {}) : undefined,
    Prefix: r.filter ? undefined : r.prefix,
    Expiration: Object.keys(expiration).length > 0 ? expiration : undefined,
    Transitions: r.transitions?.length ? r.transitions.map((t) => defined({ Days: days(t.days), Date: t.date, StorageClass: t.storageClass })) : undefined,
    NoncurrentVersionExpiration: noncurrent !== undefined ? { NoncurrentDays: noncurrent } : undefined,
    NoncurrentVersionTransitions: r.noncurrentVersionTransitions?.length ? r.noncurrentVersionTransitions.map((t) => defined({ NoncurrentDays: days(t.days), StorageClass: t.storageClass })) : undefined,
    AbortIncompleteMultipartUpload: days(r.abortIncompleteMultipartUpload?.daysAfterInitiation) !== undefined ? { DaysAfterInitiation: r.abortIncompleteMultipartUpload?.daysAfterInitiation } : undefined,
  });
}

interface ReplicationRule {
  prefix?: string;
  status?: string;
  priority?: number;
  filter?: { predicate?: Predicate | null };
  destinationConfig?: { bucketARN?: string; storageClass?: string; account?: string; encryptionConfiguration?: { replicaKmsKeyID?: string }; accessControlTranslation?: { owner?: string } };
  sourceSelectionCriteria?: { sseKmsEncryptedObjects?: { status?: string }; replicaModifications?: { status?: string } };
  existingObjectReplication?: { status?: string };
  deleteMarkerReplication?: { status?: string };
}

/** `{ status }` → the API's `{ Status }`. */
function status(v: { status?: string } | undefined | null): Api | undefined {
  return v?.status ? { Status: v.status } : undefined;
}

function destination(d: ReplicationRule["destinationConfig"]): Api {
  return defined({
    Bucket: d?.bucketARN,
    Account: d?.account,
    StorageClass: d?.storageClass,
    EncryptionConfiguration: d?.encryptionConfiguration ? defined({ ReplicaKmsKeyID: d.encryptionConfiguration.replicaKmsKeyID }) : undefined,
    AccessControlTranslation: d?.accessControlTranslation ? defined({ Owner: d.accessControlTranslation.owner }) : undefined,
  });
}

function replication(ci: ConfigItem): Api | undefined {
  const r = supplementary<{ roleARN?: string; rules?: Record<string, ReplicationRule> }>(ci, "BucketReplicationConfiguration");
  const rules = Object.entries(r?.rules ?? {});
  if (!r || rules.length === 0) return undefined;
  return {
    ReplicationConfiguration: {
      Role: r.roleARN,
      Rules: rules.map(([id, rule]) =>
        defined({
          ID: id,
          Priority: rule.priority,
          Filter: rule.filter ? (filter(rule.filter.predicate) ?? {}) : undefined,
          Prefix: rule.filter ? undefined : rule.prefix,
          Status: rule.status,
          SourceSelectionCriteria: rule.sourceSelectionCriteria
            ? defined({ SseKmsEncryptedObjects: status(rule.sourceSelectionCriteria.sseKmsEncryptedObjects), ReplicaModifications: status(rule.sourceSelectionCriteria.replicaModifications) })
            : undefined,
          ExistingObjectReplication: status(rule.existingObjectReplication),
          Destination: destination(rule.destinationConfig),
          DeleteMarkerReplication: status(rule.deleteMarkerReplication),
        }),
      ),
    },
  };
}

interface CorsRule {
  id?: string;
  allowedMethods?: string[];
  allowedOrigins?: string[];
  allowedHeaders?: string[];
  exposedHeaders?: string[];
  maxAgeSeconds?: number;
}

export const s3Bucket: ConfigType = {
  resourceType: "AWS::S3::Bucket",
  service: "s3",
  operation: "ListBuckets",
  items: (ci) => {
    const c = configuration(ci);
    return [{ Name: (c.name as string | undefined) ?? ci.resourceName, CreationDate: c.creationDate, BucketRegion: ci.awsRegion }];
  },
  details: {
    GetBucketEncryption: (ci) => {
      const sse = supplementary<{ rules?: { applyServerSideEncryptionByDefault?: { sseAlgorithm?: string; kmsMasterKeyID?: string }; bucketKeyEnabled?: boolean }[] }>(ci, "ServerSideEncryptionConfiguration");
      const rules = sse?.rules?.map((r) =>
        defined({
          ApplyServerSideEncryptionByDefault: r.applyServerSideEncryptionByDefault ? defined({ SSEAlgorithm: r.applyServerSideEncryptionByDefault.sseAlgorithm, KMSMasterKeyID: r.applyServerSideEncryptionByDefault.kmsMasterKeyID }) : undefined,
          BucketKeyEnabled: r.bucketKeyEnabled,
        }),
      );
      return orNone(rules?.length ? { ServerSideEncryptionConfiguration: { Rules: rules } } : undefined, "ServerSideEncryptionConfigurationNotFoundError");
    },
    GetBucketVersioning: (ci) => {
      const v = supplementary<{ status?: string; isMfaDeleteEnabled?: boolean }>(ci, "BucketVersioningConfiguration");
      const mfa = v?.isMfaDeleteEnabled;
      return { value: defined({ Status: v?.status === "Off" ? undefined : v?.status, MFADelete: mfa === undefined || mfa === null ? undefined : mfa ? "Enabled" : "Disabled" }) };
    },
    GetBucketLifecycleConfiguration: (ci) => {
      const rules = supplementary<{ rules?: LifecycleRule[] }>(ci, "BucketLifecycleConfiguration")?.rules ?? [];
      return orNone(rules.length > 0 ? { Rules: rules.map(lifecycleRule) } : undefined, "NoSuchLifecycleConfiguration");
    },
    GetPublicAccessBlock: (ci) => {
      const p = supplementary<{ blockPublicAcls?: boolean; ignorePublicAcls?: boolean; blockPublicPolicy?: boolean; restrictPublicBuckets?: boolean }>(ci, "PublicAccessBlockConfiguration");
      const value = p && { PublicAccessBlockConfiguration: { BlockPublicAcls: p.blockPublicAcls ?? false, IgnorePublicAcls: p.ignorePublicAcls ?? false, BlockPublicPolicy: p.blockPublicPolicy ?? false, RestrictPublicBuckets: p.restrictPublicBuckets ?? false } };
      return orNone(value, "NoSuchPublicAccessBlockConfiguration");
    },
    GetBucketPolicy: (ci) => {
      const text = supplementary<{ policyText?: string | null }>(ci, "BucketPolicy")?.policyText;
      return orNone(text ? { Policy: text } : undefined, "NoSuchBucketPolicy");
    },
    GetBucketLogging: (ci) => {
      const l = supplementary<{ destinationBucketName?: string | null; logFilePrefix?: string | null }>(ci, "BucketLoggingConfiguration");
      return { value: l?.destinationBucketName ? { LoggingEnabled: { TargetBucket: l.destinationBucketName, TargetPrefix: l.logFilePrefix ?? "" } } : {} };
    },
    GetBucketReplication: (ci) => orNone(replication(ci), "ReplicationConfigurationNotFoundError"),
    GetBucketCors: (ci) => {
      const rules = supplementary<{ rules?: CorsRule[] }>(ci, "BucketCrossOriginConfiguration")?.rules ?? [];
      const cors = rules.map((r) => defined({ ID: r.id, AllowedHeaders: r.allowedHeaders, AllowedMethods: r.allowedMethods, AllowedOrigins: r.allowedOrigins, ExposeHeaders: r.exposedHeaders, MaxAgeSeconds: r.maxAgeSeconds }));
      return orNone(cors.length > 0 ? { CORSRules: cors } : undefined, "NoSuchCORSConfiguration");
    },
  },
};
