/**
 * AWS Config advanced queries (SelectResourceConfig, SelectAggregateResourceConfig), answered from
 * the other services' data in the account snapshot, turned into configuration items the way Config
 * represents them: the Java SDK model's member names for the older types (`dBInstanceIdentifier`,
 * `multiAZ`, security groups' legacy `ipRanges` beside `ipv4Ranges`), S3 sub-resources in
 * `supplementaryConfiguration` (`BucketVersioningConfiguration.status` "Off"…), the recorder itself as
 * an AWS::Config::ConfigurationRecorder item in CloudFormation-style names.
 *
 * What a recorder records: the account's config.json recorders (see `recorderIn`), or
 * `configRecords` in its account.json (resource types). Aggregators: `configAggregators` in
 * account.json (names; default: any name) cover every account the endpoint serves.
 */
import { globalData, regionData, type AccountSnapshot, type ApiObject } from "../account.js";
import { decodeToken, intParam, page, rejectUnsupportedJson, type Operation, type OpRequest } from "../operations.js";
import { ApiError } from "../protocols.js";
import { allBuckets, type S3BucketSnapshot } from "./s3.js";

interface ConfigSnapshot extends AccountSnapshot {
  configRecords?: string[];
  configAggregators?: string[];
}

type Item = ApiObject & { resourceType: string; resourceId: string; awsRegion: string; accountId: string };

const RECORDER = "AWS::Config::ConfigurationRecorder";
/** The region whose recorder also records global resources (awsRegion `global`). */
const GLOBAL_HOME = "us-east-1";

const invalidExpression = (m: string) => new ApiError(400, "InvalidExpressionException", m);

/** Java bean names: the API member with its first letter lowered, all the way down. */
function javaNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(javaNames);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), javaNames(v)]));
}

/** Jackson's bean names, for the types serialised that way: the leading capital run lowered (`DBClusterIdentifier` → `dbclusterIdentifier`, `OKActions` → `okactions`). */
function jacksonNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jacksonNames);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/^[A-Z]+/, (run) => run.toLowerCase()), jacksonNames(v)]));
}

/** IAM's policy documents as IAM returns them (and Config keeps them): the JSON text, URL-encoded. */
const urlEncoded = (doc: unknown): string => encodeURIComponent(typeof doc === "string" ? doc : JSON.stringify(doc));

function item(account: AccountSnapshot, region: string, resourceType: string, resourceId: string, resourceName: string, arn: string, configuration: unknown, supplementaryConfiguration: ApiObject = {}): Item {
  return { resourceType, resourceId, resourceName, awsRegion: region, accountId: account.accountId, arn, configurationItemStatus: "OK", configuration, supplementaryConfiguration };
}

/** Every region any service of the account has data in: each has a recorder. */
function regionsOf(account: AccountSnapshot): string[] {
  return [...new Set(Object.values(account.services).flatMap((s) => Object.keys(s.regions ?? {})))].sort();
}

/** EC2 permissions: `IpRanges` become both the legacy `ipRanges` (CIDR strings) and `ipv4Ranges`. */
function permissions(perms: unknown): unknown[] {
  return ((perms as ApiObject[] | undefined) ?? []).map((p) => {
    const ranges = (p.IpRanges as ApiObject[] | undefined) ?? [];
    return { ...(javaNames(p) as ApiObject), ipRanges: ranges.map((r) => r.CidrIp), ipv4Ranges: javaNames(ranges) };
  });
}

type Predicate = ApiObject & { type: string };

function tagOf(t: unknown): ApiObject {
  const { Key, Value } = (t ?? {}) as ApiObject;
  return { key: Key, value: Value };
}

/** An S3 `Filter` as the Java model's predicate (`LifecyclePrefixPredicate`, `…AndOperator` with operands). */
function predicate(kind: "Lifecycle" | "Replication", f: ApiObject): Predicate | null {
  if (f.And) {
    const and = f.And as ApiObject;
    const operands: Predicate[] = [];
    if (and.Prefix !== undefined) operands.push({ type: `${kind}PrefixPredicate`, prefix: and.Prefix });
    for (const t of (and.Tags as ApiObject[] | undefined) ?? []) operands.push({ type: `${kind}TagPredicate`, tag: tagOf(t) });
    if (and.ObjectSizeGreaterThan !== undefined) operands.push({ type: "LifecycleObjectSizeGreaterThanPredicate", objectSizeGreaterThan: and.ObjectSizeGreaterThan });
    if (and.ObjectSizeLessThan !== undefined) operands.push({ type: "LifecycleObjectSizeLessThanPredicate", objectSizeLessThan: and.ObjectSizeLessThan });
    return { type: `${kind}AndOperator`, operands };
  }
  if (f.Tag) return { type: `${kind}TagPredicate`, tag: tagOf(f.Tag) };
  if (f.ObjectSizeGreaterThan !== undefined) return { type: "LifecycleObjectSizeGreaterThanPredicate", objectSizeGreaterThan: f.ObjectSizeGreaterThan };
  if (f.ObjectSizeLessThan !== undefined) return { type: "LifecycleObjectSizeLessThanPredicate", objectSizeLessThan: f.ObjectSizeLessThan };
  if (f.Prefix !== undefined) return { type: `${kind}PrefixPredicate`, prefix: f.Prefix };
  return null;
}

/** A lifecycle rule in the Java model: day counts flattened, -1 when not set. */
function lifecycleRule(r: ApiObject): ApiObject {
  const exp = (r.Expiration ?? {}) as ApiObject;
  const nve = (r.NoncurrentVersionExpiration ?? {}) as ApiObject;
  const abort = r.AbortIncompleteMultipartUpload as ApiObject | undefined;
  return {
    id: r.ID,
    status: r.Status,
    ...(r.Filter ? { filter: { predicate: predicate("Lifecycle", r.Filter as ApiObject) } } : { prefix: r.Prefix }),
    expirationInDays: exp.Days ?? -1,
    ...(exp.Date ? { expirationDate: exp.Date } : {}),
    expiredObjectDeleteMarker: exp.ExpiredObjectDeleteMarker ?? false,
    noncurrentVersionExpirationInDays: nve.NoncurrentDays ?? -1,
    transitions: ((r.Transitions as ApiObject[] | undefined) ?? []).map((t) => ({ days: t.Days ?? -1, ...(t.Date ? { date: t.Date } : {}), storageClass: t.StorageClass })),
    noncurrentVersionTransitions: ((r.NoncurrentVersionTransitions as ApiObject[] | undefined) ?? []).map((t) => ({ days: t.NoncurrentDays ?? -1, storageClass: t.StorageClass })),
    ...(abort ? { abortIncompleteMultipartUpload: { daysAfterInitiation: abort.DaysAfterInitiation } } : {}),
  };
}

/** The Java model spells these `sseAlgorithm` and `kmsMasterKeyID`, not what lowering the first letter gives. */
function sseRule(r: ApiObject): ApiObject {
  const d = r.ApplyServerSideEncryptionByDefault as ApiObject | undefined;
  return {
    ...(d ? { applyServerSideEncryptionByDefault: { sseAlgorithm: d.SSEAlgorithm, kmsMasterKeyID: d.KMSMasterKeyID ?? null } } : {}),
    bucketKeyEnabled: r.BucketKeyEnabled ?? false,
  };
}

/** `{ Status }` members (delete marker replication…) as `{ status }`. */
function statusOf(v: unknown): ApiObject | undefined {
  return v ? { status: (v as ApiObject).Status } : undefined;
}

/** Replication rules in the Java model: a map keyed by rule id. */
function replicationRules(rules: ApiObject[]): ApiObject {
  return Object.fromEntries(
    rules.map((r, i) => {
      const dest = (r.Destination ?? {}) as ApiObject;
      const ssc = r.SourceSelectionCriteria as ApiObject | undefined;
      const enc = dest.EncryptionConfiguration as ApiObject | undefined;
      const act = dest.AccessControlTranslation as ApiObject | undefined;
      return [
        (r.ID as string | undefined) ?? `rule-${i + 1}`,
        {
          ...(r.Filter ? { filter: { predicate: predicate("Replication", r.Filter as ApiObject) } } : { prefix: r.Prefix }),
          status: r.Status,
          ...(r.Priority !== undefined ? { priority: r.Priority } : {}),
          destinationConfig: {
            bucketARN: dest.Bucket,
            ...(dest.StorageClass ? { storageClass: dest.StorageClass } : {}),
            ...(dest.Account ? { account: dest.Account } : {}),
            ...(enc ? { encryptionConfiguration: { replicaKmsKeyID: enc.ReplicaKmsKeyID } } : {}),
            ...(act ? { accessControlTranslation: { owner: act.Owner } } : {}),
          },
          ...(ssc ? { sourceSelectionCriteria: { sseKmsEncryptedObjects: statusOf(ssc.SseKmsEncryptedObjects), replicaModifications: statusOf(ssc.ReplicaModifications) } } : {}),
          ...(r.ExistingObjectReplication ? { existingObjectReplication: statusOf(r.ExistingObjectReplication) } : {}),
          ...(r.DeleteMarkerReplication ? { deleteMarkerReplication: statusOf(r.DeleteMarkerReplication) } : {}),
        },
      ];
    }),
  );
}

function bucketSupplementary(b: S3BucketSnapshot): ApiObject {
  const out: ApiObject = {
    BucketVersioningConfiguration: { status: b.Versioning?.Status ?? "Off", ...(b.Versioning?.MFADelete ? { isMfaDeleteEnabled: b.Versioning.MFADelete === "Enabled" } : {}) },
    BucketLoggingConfiguration: { destinationBucketName: b.LoggingEnabled?.TargetBucket ?? null, logFilePrefix: b.LoggingEnabled?.TargetPrefix ?? null },
    IsRequesterPaysEnabled: false,
  };
  if (b.ServerSideEncryptionConfiguration) out.ServerSideEncryptionConfiguration = { rules: b.ServerSideEncryptionConfiguration.Rules.map(sseRule) };
  if (b.LifecycleConfiguration) out.BucketLifecycleConfiguration = { rules: b.LifecycleConfiguration.Rules.map(lifecycleRule) };
  if (b.ReplicationConfiguration) out.BucketReplicationConfiguration = { roleARN: b.ReplicationConfiguration.Role, rules: replicationRules(b.ReplicationConfiguration.Rules) };
  if (b.PublicAccessBlockConfiguration) out.PublicAccessBlockConfiguration = javaNames(b.PublicAccessBlockConfiguration);
  if (b.CORSConfiguration) {
    out.BucketCrossOriginConfiguration = {
      rules: b.CORSConfiguration.CORSRules.map((r) => ({ id: r.ID ?? null, allowedMethods: r.AllowedMethods ?? [], allowedOrigins: r.AllowedOrigins ?? [], allowedHeaders: r.AllowedHeaders ?? [], exposedHeaders: r.ExposeHeaders ?? [], maxAgeSeconds: r.MaxAgeSeconds ?? 0 })),
    };
  }
  if (b.Policy) out.BucketPolicy = { policyText: JSON.stringify(b.Policy) };
  return out;
}

type Build = (account: AccountSnapshot, region: string) => Item[];

/** A global service's list (IAM): `itemsOf` takes it once, from the first recorder recording global types. */
function globalListed(account: AccountSnapshot, service: string, key: string): ApiObject[] {
  return (globalData<Record<string, ApiObject[]>>(account, service)[key] ?? []) as ApiObject[];
}

/** The API objects of one list in a service's region data. */
function listed(account: AccountSnapshot, service: string, key: string, region: string): ApiObject[] {
  return (regionData<Record<string, ApiObject[]>>(account, service, region)[key] ?? []) as ApiObject[];
}

/** An EC2 resource's ARN: its owner's account, as EC2 writes it. */
function ec2Arn(account: AccountSnapshot, region: string, o: ApiObject, kind: string, id: unknown): string {
  return `arn:aws:ec2:${region}:${String(o.OwnerId ?? account.accountId)}:${kind}/${String(id)}`;
}

/** A type Config keeps in the Java model: the API object with each member's first letter lowered. */
function javaModel(type: string, service: string, key: string, ids: (o: ApiObject, account: AccountSnapshot, region: string) => { id: unknown; name: unknown; arn: string }): Build {
  return (account, region) =>
    listed(account, service, key, region).map((o) => {
      const { id, name, arn } = ids(o, account, region);
      return item(account, region, type, String(id), String(name), arn, javaNames(o));
    });
}

/** Each type served: its items in one region of one account (global types: once, with region `global`). */
const TYPES: Record<string, Build> = {
  "AWS::RDS::DBInstance": javaModel("AWS::RDS::DBInstance", "rds", "DBInstances", (db, account, region) => ({
    id: db.DbiResourceId ?? db.DBInstanceIdentifier,
    name: db.DBInstanceIdentifier,
    arn: (db.DBInstanceArn as string | undefined) ?? `arn:aws:rds:${region}:${account.accountId}:db:${String(db.DBInstanceIdentifier)}`,
  })),
  "AWS::RDS::DBSubnetGroup": javaModel("AWS::RDS::DBSubnetGroup", "rds", "DBSubnetGroups", (g, account, region) => ({
    id: g.DBSubnetGroupName,
    name: g.DBSubnetGroupName,
    arn: (g.DBSubnetGroupArn as string | undefined) ?? `arn:aws:rds:${region}:${account.accountId}:subgrp:${String(g.DBSubnetGroupName)}`,
  })),
  "AWS::EC2::VPC": javaModel("AWS::EC2::VPC", "ec2", "Vpcs", (v, account, region) => ({ id: v.VpcId, name: v.VpcId, arn: ec2Arn(account, region, v, "vpc", v.VpcId) })),
  "AWS::EC2::Subnet": javaModel("AWS::EC2::Subnet", "ec2", "Subnets", (s, account, region) => ({ id: s.SubnetId, name: s.SubnetId, arn: (s.SubnetArn as string | undefined) ?? ec2Arn(account, region, s, "subnet", s.SubnetId) })),
  "AWS::EC2::RouteTable": javaModel("AWS::EC2::RouteTable", "ec2", "RouteTables", (t, account, region) => ({ id: t.RouteTableId, name: t.RouteTableId, arn: ec2Arn(account, region, t, "route-table", t.RouteTableId) })),
  "AWS::EC2::SecurityGroup": (account, region) =>
    listed(account, "ec2", "SecurityGroups", region).map((sg) => {
      const arn = (sg.SecurityGroupArn as string | undefined) ?? ec2Arn(account, region, sg, "security-group", sg.GroupId);
      // The ARN is the item's own `arn`, not part of the configuration.
      const configuration = { ...(javaNames(sg) as ApiObject), securityGroupArn: undefined, ipPermissions: permissions(sg.IpPermissions), ipPermissionsEgress: permissions(sg.IpPermissionsEgress) };
      return item(account, region, "AWS::EC2::SecurityGroup", String(sg.GroupId), String(sg.GroupName), arn, configuration);
    }),
  "AWS::S3::Bucket": (account, region) =>
    allBuckets(account)
      .filter((b) => b.region === region)
      .map(({ bucket: b }) => {
        const owner = (account.services.s3?.owner as { ID?: string } | undefined)?.ID ?? null;
        return item(account, region, "AWS::S3::Bucket", b.Name, b.Name, `arn:aws:s3:::${b.Name}`, { name: b.Name, owner: { displayName: null, id: owner }, creationDate: b.CreationDate }, bucketSupplementary(b));
      }),
  "AWS::EC2::FlowLog": javaModel("AWS::EC2::FlowLog", "ec2", "FlowLogs", (f, account, region) => ({ id: f.FlowLogId, name: f.FlowLogId, arn: ec2Arn(account, region, {}, "vpc-flow-log", f.FlowLogId) })),
  "AWS::RDS::DBCluster": (account, region) => dbCluster(account, region),
  "AWS::KMS::Key": (account, region) => kmsKeys(account, region),
  "AWS::CloudTrail::Trail": (account, region) =>
    listed(account, "cloudtrail", "Trails", region).map(({ Trail: t }) => {
      const trail = t as ApiObject;
      return item(account, region, "AWS::CloudTrail::Trail", String(trail.Name), String(trail.Name), String(trail.TrailARN), javaNames(trail));
    }),
  "AWS::CloudWatch::Alarm": (account, region) =>
    listed(account, "monitoring", "MetricAlarms", region).map((a) => item(account, region, "AWS::CloudWatch::Alarm", String(a.AlarmName), String(a.AlarmName), String(a.AlarmArn), jacksonNames(a))),
  "AWS::SNS::Topic": (account, region) =>
    listed(account, "sns", "Topics", region).map(({ Subscriptions: _subs, ...t }) => item(account, region, "AWS::SNS::Topic", String(t.TopicArn), String(t.TopicArn).split(":").pop() ?? "", String(t.TopicArn), { ...t, Owner: account.accountId })),
  "AWS::Events::Rule": (account, region) => eventRules(account, region),
  "AWS::SecretsManager::Secret": (account, region) => secrets(account, region),
  "AWS::IAM::Policy": (account, region) => iamPolicies(account, region),
  "AWS::IAM::Role": (account, region) => iamRoles(account, region),
  "AWS::Backup::BackupPlan": (account, region) => plans(account, region),
  "AWS::Backup::BackupSelection": (account, region) => selections(account, region),
};

const isGlobal = (type: string) => type.startsWith("AWS::IAM::");

/** A DB cluster in the Jackson names, each zone wrapped as `{ value }`. */
function dbCluster(account: AccountSnapshot, region: string): Item[] {
  return listed(account, "rds", "DBClusters", region).map((c) => {
    const configuration = { ...(jacksonNames(c) as ApiObject), availabilityZones: ((c.AvailabilityZones as string[] | undefined) ?? []).map((value) => ({ value })) };
    const arn = (c.DBClusterArn as string | undefined) ?? `arn:aws:rds:${region}:${account.accountId}:cluster:${String(c.DBClusterIdentifier)}`;
    return item(account, region, "AWS::RDS::DBCluster", String(c.DbClusterResourceId ?? c.DBClusterIdentifier), String(c.DBClusterIdentifier), arn, configuration);
  });
}

/** KeyMetadata in the Java names; the rotation flag (not its period) in `KeyRotationStatus`. */
function kmsKeys(account: AccountSnapshot, region: string): Item[] {
  return listed(account, "kms", "Keys", region).map((k) => {
    const m = k.KeyMetadata as ApiObject;
    const rotation = k.Rotation as ApiObject | undefined;
    return item(account, region, "AWS::KMS::Key", String(m.KeyId), String(m.KeyId), String(m.Arn), jacksonNames(m), rotation ? { KeyRotationStatus: rotation.KeyRotationEnabled === true } : {});
  });
}

/** A customer managed policy as GetAccountAuthorizationDetails lists it: every version with its encoded document. */
function iamPolicies(account: AccountSnapshot, region: string): Item[] {
  // Config records the account's own (customer managed) policies only.
  return globalListed(account, "iam", "Policies").filter((p) => !String(p.Arn).startsWith("arn:aws:iam::aws:")).map((p) => {
    const { Versions, ...policy } = p;
    const versions = ((Versions as ApiObject[] | undefined) ?? []).map((v) => ({ ...(javaNames(v) as ApiObject), document: urlEncoded(v.Document) }));
    return item(account, region, "AWS::IAM::Policy", String(p.PolicyId), String(p.PolicyName), String(p.Arn), { ...(javaNames(policy) as ApiObject), policyVersionList: versions });
  });
}

/** A role as GetAccountAuthorizationDetails lists it: its inline policies in `rolePolicyList`. */
function iamRoles(account: AccountSnapshot, region: string): Item[] {
  return globalListed(account, "iam", "Roles").map((r) => {
    const { RolePolicies, AssumeRolePolicyDocument, ...role } = r;
    const inline = ((RolePolicies as ApiObject[] | undefined) ?? []).map((p) => ({ policyName: p.PolicyName, policyDocument: urlEncoded(p.PolicyDocument) }));
    const configuration = { ...(javaNames(role) as ApiObject), assumeRolePolicyDocument: urlEncoded(AssumeRolePolicyDocument), rolePolicyList: inline, instanceProfileList: [], attachedManagedPolicies: [] };
    return item(account, region, "AWS::IAM::Role", String(r.RoleId), String(r.RoleName), String(r.Arn), configuration);
  });
}

/** The CloudFormation model: the pattern as JSON, the targets inside the rule. */
function eventRules(account: AccountSnapshot, region: string): Item[] {
  return listed(account, "events", "Rules", region).map((r) => {
    const pattern = typeof r.EventPattern === "string" ? { EventPattern: JSON.parse(r.EventPattern) as unknown } : {};
    return item(account, region, "AWS::Events::Rule", `${String(r.EventBusName ?? "default")}|${String(r.Name)}`, String(r.Name), String(r.Arn), { ...r, ...pattern, Targets: r.Targets ?? [] });
  });
}

/** The CloudFormation-style secret: `KMSKeyId`, `RotationRules.RotationDuration`… */
function secrets(account: AccountSnapshot, region: string): Item[] {
  return listed(account, "secretsmanager", "SecretList", region).map((s) => {
    const r = s.RotationRules as ApiObject | undefined;
    const rules = r && { AutomaticallyAfterDays: r.AutomaticallyAfterDays, RotationDuration: r.Duration, RotationScheduleExpression: r.ScheduleExpression };
    const configuration = { ARN: s.ARN, Name: s.Name, Description: s.Description, KMSKeyId: s.KmsKeyId, RotationEnabled: s.RotationEnabled ?? false, RotationLambdaARN: s.RotationLambdaARN, RotationRules: rules, Deleted: s.DeletedDate !== undefined };
    // Members without a value are left out, as Config leaves them out.
    return item(account, region, "AWS::SecretsManager::Secret", String(s.ARN), String(s.Name), String(s.ARN), JSON.parse(JSON.stringify(configuration)) as ApiObject);
  });
}

type PlanSnapshot = ApiObject & { BackupPlanId: string; BackupPlanArn: string; BackupPlan: ApiObject & { Rules?: ApiObject[] }; Selections?: (ApiObject & { SelectionId: string; BackupSelection: ApiObject })[] };

const backupPlans = (account: AccountSnapshot, region: string) => listed(account, "backup", "BackupPlans", region) as PlanSnapshot[];

/** The CloudFormation model: `BackupPlanRule[]`, each naming its `TargetBackupVault`. */
function plans(account: AccountSnapshot, region: string): Item[] {
  return backupPlans(account, region).map((p) => {
    const rules = (p.BackupPlan.Rules ?? []).map(({ TargetBackupVaultName, RuleId: _id, ...r }) => ({ ...r, TargetBackupVault: TargetBackupVaultName }));
    const configuration = { BackupPlanId: p.BackupPlanId, BackupPlanArn: p.BackupPlanArn, VersionId: p.VersionId, BackupPlan: { BackupPlanName: p.BackupPlan.BackupPlanName, BackupPlanRule: rules } };
    return item(account, region, "AWS::Backup::BackupPlan", p.BackupPlanId, String(p.BackupPlan.BackupPlanName), p.BackupPlanArn, configuration);
  });
}

function selections(account: AccountSnapshot, region: string): Item[] {
  return backupPlans(account, region).flatMap((p) =>
    (p.Selections ?? []).map((s) => {
      const configuration = { Id: s.SelectionId, BackupPlanId: p.BackupPlanId, SelectionId: s.SelectionId, BackupSelection: s.BackupSelection };
      return item(account, region, "AWS::Backup::BackupSelection", s.SelectionId, String(s.BackupSelection.SelectionName), `${p.BackupPlanArn}/selection/${s.SelectionId}`, configuration);
    }),
  );
}

/** CloudFormation-style names (the recorder's own item): each member's first letter raised. */
function cfnNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cfnNames);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), cfnNames(v)]));
}

interface RecordingGroup {
  AllSupported?: boolean;
  IncludeGlobalResourceTypes?: boolean;
  ResourceTypes?: string[];
  ExclusionByResourceTypes?: { ResourceTypes?: string[] };
  RecordingStrategy?: { UseOnly?: string };
}

interface Recorder {
  name: string;
  recording: boolean;
  group: RecordingGroup;
  roleARN?: string;
}

/**
 * The recorder in a region: `configRecords` (account.json) when given, else the account's own
 * config.json (DescribeConfigurationRecorders and its status: none in a region = nothing recorded
 * there), else one recording every type everywhere.
 */
function recorderIn(account: AccountSnapshot, region: string): Recorder | undefined {
  const only = (account as ConfigSnapshot).configRecords;
  if (only) return { name: "default", recording: true, group: { AllSupported: false, IncludeGlobalResourceTypes: false, ResourceTypes: only, RecordingStrategy: { UseOnly: "INCLUSION_BY_RESOURCE_TYPES" } } };
  if (!account.services.config) return { name: "default", recording: true, group: { AllSupported: true, IncludeGlobalResourceTypes: region === GLOBAL_HOME, ResourceTypes: [], RecordingStrategy: { UseOnly: "ALL_SUPPORTED_RESOURCE_TYPES" } } };
  const data = regionData<{ ConfigurationRecorders: ApiObject[]; ConfigurationRecordersStatus: ApiObject[] }>(account, "config", region);
  const rec = data.ConfigurationRecorders?.[0];
  if (!rec) return undefined;
  const status = data.ConfigurationRecordersStatus?.find((st) => st.name === rec.name);
  return { name: String(rec.name), recording: status?.recording === true, group: cfnNames(rec.recordingGroup ?? {}) as RecordingGroup, roleARN: rec.roleARN as string | undefined };
}

function recordsType(g: RecordingGroup, type: string): boolean {
  const strategy = g.RecordingStrategy?.UseOnly ?? (g.AllSupported ? "ALL_SUPPORTED_RESOURCE_TYPES" : "INCLUSION_BY_RESOURCE_TYPES");
  if (strategy === "ALL_SUPPORTED_RESOURCE_TYPES") return !isGlobal(type) || g.IncludeGlobalResourceTypes === true;
  if (strategy === "EXCLUSION_BY_RESOURCE_TYPES") return !(g.ExclusionByResourceTypes?.ResourceTypes ?? []).includes(type);
  return (g.ResourceTypes ?? []).includes(type);
}

/** The recorder's own item, in CloudFormation-style names. */
function recorderItem(account: AccountSnapshot, region: string, r: Recorder): Item {
  const configuration = { Name: r.name, Recording: r.recording, RecordingGroup: r.group, RoleARN: r.roleARN ?? `arn:aws:iam::${account.accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig` };
  return item(account, region, RECORDER, r.name, r.name, `arn:aws:config:${region}:${account.accountId}:config-recorder/${r.name}`, configuration);
}

/**
 * Every item the recorder in `region` holds (`region` undefined: every region's, for an
 * aggregator). A stopped recorder's items stay, as Config keeps the last ones it recorded.
 */
function itemsOf(account: AccountSnapshot, region?: string): Item[] {
  const out: Item[] = [];
  const regions = region ? [region] : regionsOf(account);
  // Global resources are recorded once: by the first recorder of the account that records them.
  const globalHome = (type: string) => regionsOf(account).find((r) => {
    const rec = recorderIn(account, r);
    return rec !== undefined && recordsType(rec.group, type);
  });
  for (const r of regions) {
    const rec = recorderIn(account, r);
    if (!rec) continue;
    out.push(recorderItem(account, r, rec));
    for (const [type, build] of Object.entries(TYPES)) {
      if (!recordsType(rec.group, type)) continue;
      if (isGlobal(type) && globalHome(type) !== r) continue;
      for (const i of build(account, r)) out.push(isGlobal(type) ? { ...i, awsRegion: "global" } : i);
    }
  }
  return out;
}

/** The query subset served: `SELECT field, … [WHERE prop = 'v' | prop IN ('v', …) [AND …]]`. */
interface Query {
  fields: string[];
  where: { prop: string; values: string[] }[];
}

const SELECTABLE = new Set(["resourceId", "resourceName", "resourceType", "awsRegion", "accountId", "arn", "availabilityZone", "configurationItemStatus", "configurationItemCaptureTime", "resourceCreationTime", "configuration", "supplementaryConfiguration", "tags", "version"]);
const FILTERABLE = new Set(["resourceId", "resourceName", "resourceType", "awsRegion", "accountId"]);

function parseQuery(sql: string): Query {
  const m = /^\s*SELECT\s+(.+?)(?:\s+WHERE\s+(.+?))?\s*$/is.exec(sql);
  if (!m) throw invalidExpression("Invalid query: expected SELECT <properties> [WHERE <condition>]");
  const fields = (m[1] as string).split(",").map((f) => f.trim());
  for (const f of fields) if (!SELECTABLE.has(f)) throw invalidExpression(`Invalid query: the test endpoint does not implement selecting ${f}`);
  const where = m[2] === undefined ? [] : (m[2] as string).split(/\s+AND\s+/i).map(condition);
  return { fields, where };
}

const LITERAL = /^'((?:[^']|'')*)'$/;

function literal(s: string): string {
  const m = LITERAL.exec(s.trim());
  if (!m) throw invalidExpression(`Invalid query: expected a quoted value, got ${s.trim()}`);
  return (m[1] as string).replace(/''/g, "'");
}

function condition(c: string): { prop: string; values: string[] } {
  const eq = /^\s*(\w+)\s*=\s*('.*')\s*$/s.exec(c);
  const inList = /^\s*(\w+)\s+IN\s*\((.*)\)\s*$/is.exec(c);
  const prop = eq?.[1] ?? inList?.[1];
  if (!prop || !FILTERABLE.has(prop)) throw invalidExpression(`Invalid query: the test endpoint does not implement the condition ${c.trim()}`);
  const values = eq ? [literal(eq[2] as string)] : (inList?.[2] as string).split(",").map(literal);
  return { prop, values };
}

/** The page asked for: `Limit` 0–100 (0 = the most), the token bound to the expression's action and region. */
function answer(req: OpRequest, items: Item[], q: Query): ApiObject {
  const limit = intParam(req.json.Limit, "Limit", 0, 100, 100, (m) => new ApiError(400, "InvalidLimitException", m)) || 100;
  const token = typeof req.json.NextToken === "string" ? req.json.NextToken : undefined;
  const offset = decodeToken(req, token, () => new ApiError(400, "InvalidNextTokenException", "The nextToken provided is invalid"));
  const matching = items.filter((i) => q.where.every((w) => w.values.includes(String(i[w.prop]))));
  const p = page(req, matching, offset, limit);
  return {
    Results: p.items.map((i) => JSON.stringify(Object.fromEntries(q.fields.filter((f) => i[f] !== undefined).map((f) => [f, i[f]])))),
    QueryInfo: { SelectFields: q.fields.map((Name) => ({ Name })) },
    ...(p.next ? { NextToken: p.next } : {}),
  };
}

function expression(req: OpRequest): Query {
  const e = req.json.Expression;
  if (typeof e !== "string" || e.length === 0 || e.length > 4096) throw new ApiError(400, "ValidationException", "Expression must be 1 to 4096 characters");
  return parseQuery(e);
}

export const configSelectOperations: Operation[] = [
  {
    service: "config",
    action: "SelectResourceConfig",
    iamAction: "config:SelectResourceConfig",
    handler: (req) => {
      rejectUnsupportedJson(req.json, ["Expression", "Limit", "NextToken"], (m) => new ApiError(400, "ValidationException", m));
      return answer(req, itemsOf(req.account, req.region), expression(req));
    },
  },
  {
    service: "config",
    action: "SelectAggregateResourceConfig",
    iamAction: "config:SelectAggregateResourceConfig",
    handler: (req) => {
      rejectUnsupportedJson(req.json, ["Expression", "ConfigurationAggregatorName", "Limit", "MaxResults", "NextToken"], (m) => new ApiError(400, "ValidationException", m));
      const name = req.json.ConfigurationAggregatorName;
      const known = (req.account as ConfigSnapshot).configAggregators;
      if (typeof name !== "string" || (known && !known.includes(name))) {
        throw new ApiError(400, "NoSuchConfigurationAggregatorException", `The configuration aggregator ${String(name)} does not exist`);
      }
      if (req.json.MaxResults !== undefined) throw new ApiError(400, "ValidationException", "the test endpoint does not implement MaxResults (use Limit)");
      const q = expression(req);
      return answer(req, req.accounts.flatMap((a) => itemsOf(a)), q);
    },
  },
];
