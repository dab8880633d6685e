// The synthetic AWS account of the live-scan benchmark (bench/lib/aws-case.mjs): an AccountSnapshot
// for test/aws-endpoint (see fixtures/aws/README.md), in the APIs' own member names, made of many
// ClassBoard tenant stacks spread over three regions. Each tenant has its databases, buckets (with
// their sub-resource configurations), log groups and security groups, set up as the compliant
// fixture is, with the kind of drift a real account has (a few tenants on MySQL, AES256 buckets, short
// log retention, no Performance Insights), so every rule has something to judge both ways.
// Deterministic: the same counts give the same account.

export const ACCOUNT_ID = "345678901234";
/** Each region's share of every resource kind: the primary, the DR region, a second market. */
export const REGION_SHARES = [
  ["us-east-1", 0.5],
  ["us-west-2", 0.3],
  ["eu-west-1", 0.2],
];
export const DEFAULT_COUNTS = { buckets: 1000, dbInstances: 200, logGroups: 2000, securityGroups: 300 };

/** A small seeded PRNG (mulberry32), so runs are comparable. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `total` split over the regions by share, the rounding left in the first region. */
export function perRegion(total) {
  const counts = REGION_SHARES.map(([region, share]) => [region, Math.floor(total * share)]);
  counts[0][1] += total - counts.reduce((n, [, c]) => n + c, 0);
  return Object.fromEntries(counts);
}

const hex = (r, n) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join("");
const pick = (r, xs) => xs[Math.floor(r() * xs.length)];
const iso = (ms) => new Date(ms).toISOString();
const DAY = 86_400_000;
const EPOCH = Date.parse("2025-01-06T09:00:00.000Z");
const tenantName = (i) => `t${String(i).padStart(3, "0")}`;
const tags = (tenant, extra = {}) => Object.entries({ app: "classboard", env: "production", tenant, ...extra }).map(([Key, Value]) => ({ Key, Value }));

/** One KMS key per region and purpose. */
function kmsKey(region, purpose) {
  const n = { data: "0b1e2c3d", logs: "7a6b5c4d", backup: "5e4d3c2b" }[purpose];
  const suffix = { "us-east-1": "0a", "us-west-2": "0b", "eu-west-1": "0c" }[region];
  return `arn:aws:kms:${region}:${ACCOUNT_ID}:key/${n}-4f5a-6b7c-8d9e-0f1a2b3c4d${suffix}`;
}

// ---------------------------------------------------------------------------------------- network

/** The VPC of a tenant stack in a region: a few stacks share one VPC, as accounts grow. */
function vpcOf(region, tenant) {
  const k = Math.floor(tenant / 8);
  return { id: `vpc-0${region === "us-east-1" ? "a" : region === "us-west-2" ? "b" : "c"}${String(k).padStart(15, "0")}`, cidr: `10.${20 + (k % 200)}.0.0/16`, k };
}

function subnetIds(vpc) {
  return [1, 2, 3].map((az) => `subnet-0${vpc.id.slice(5, 6)}${String(vpc.k * 3 + az).padStart(15, "0")}`);
}

function permission(protocol, from, to, { cidrs = [], groups = [], cidrs6 = [] }, descr) {
  return {
    IpProtocol: protocol,
    ...(protocol === "-1" ? {} : { FromPort: from, ToPort: to }),
    UserIdGroupPairs: groups.map((GroupId) => ({ GroupId, UserId: ACCOUNT_ID, ...(descr ? { Description: descr } : {}) })),
    IpRanges: cidrs.map((CidrIp) => ({ CidrIp, ...(descr ? { Description: descr } : {}) })),
    Ipv6Ranges: cidrs6.map((CidrIpv6) => ({ CidrIpv6 })),
    PrefixListIds: [],
  };
}

const EGRESS_ALL = [permission("-1", 0, 0, { cidrs: ["0.0.0.0/0"] })];

/** A region's security groups: per tenant stack db, app, alb and (some) bastion groups, plus each VPC's default. */
function securityGroups(r, region, n) {
  const out = [];
  const sgId = () => `sg-0${hex(r, 16)}`;
  const vpcsDone = new Set();
  for (let tenant = 0; out.length < n; tenant++) {
    const t = tenantName(tenant);
    const vpc = vpcOf(region, tenant);
    const group = (name, description, ingress) => {
      if (out.length >= n) return undefined;
      const GroupId = sgId();
      out.push({
        GroupId, GroupName: name, Description: description, OwnerId: ACCOUNT_ID, VpcId: vpc.id,
        SecurityGroupArn: `arn:aws:ec2:${region}:${ACCOUNT_ID}:security-group/${GroupId}`,
        IpPermissions: ingress, IpPermissionsEgress: EGRESS_ALL, Tags: tags(t, { Name: name }),
      });
      return GroupId;
    };
    if (!vpcsDone.has(vpc.id)) {
      vpcsDone.add(vpc.id);
      const id = sgId();
      out.push({
        GroupId: id, GroupName: "default", Description: "default VPC security group", OwnerId: ACCOUNT_ID, VpcId: vpc.id,
        SecurityGroupArn: `arn:aws:ec2:${region}:${ACCOUNT_ID}:security-group/${id}`,
        IpPermissions: [permission("-1", 0, 0, { groups: [id] })], IpPermissionsEgress: EGRESS_ALL,
      });
    }
    const alb = group(`classboard-${t}-alb`, `ClassBoard ${t} load balancer`, [
      permission("tcp", 443, 443, { cidrs: ["0.0.0.0/0"], cidrs6: ["::/0"] }, "HTTPS from anywhere"),
      permission("tcp", 80, 80, { cidrs: ["0.0.0.0/0"] }, "redirect to HTTPS"),
    ]);
    const app = group(`classboard-${t}-app`, `ClassBoard ${t} application servers`, [permission("tcp", 8443, 8443, { groups: alb ? [alb] : [] }, "from the load balancer")]);
    const engine = tenant % 9 === 4 ? 3306 : 5432;
    // Drift: one stack in fifty left its database open to the world (CB-NET-002 fails there).
    const dbFrom = tenant % 50 === 17 ? { cidrs: ["0.0.0.0/0"] } : { cidrs: [vpc.cidr], groups: app ? [app] : [] };
    group(`classboard-${t}-db`, `ClassBoard ${t} database`, [permission("tcp", engine, engine, dbFrom, "database clients")]);
    if (tenant % 4 === 0) group(`classboard-${t}-bastion`, `ClassBoard ${t} SSM bastion`, [permission("tcp", 22, 22, { cidrs: ["10.255.0.0/24"] }, "VPN")]);
  }
  return out;
}

/**
 * Each VPC's network, as the guide builds it: three private subnets (the database subnets) routed
 * through a NAT gateway, three public ones through the internet gateway, and a flow log.
 */
function network(region, vpcIds) {
  const out = { Vpcs: [], Subnets: [], RouteTables: [], FlowLogs: [] };
  for (const id of vpcIds) {
    const k = Number(id.slice(-15));
    const vpc = vpcOf(region, k * 8);
    const v = id.slice(5, 6);
    const octets = vpc.cidr.split(".");
    const owner = { OwnerId: ACCOUNT_ID };
    out.Vpcs.push({ VpcId: id, CidrBlock: vpc.cidr, State: "available", DhcpOptionsId: `dopt-0${v}${String(k).padStart(15, "0")}`, InstanceTenancy: "default", IsDefault: false, ...owner, CidrBlockAssociationSet: [{ AssociationId: `vpc-cidr-assoc-0${v}${String(k).padStart(15, "0")}`, CidrBlock: vpc.cidr, CidrBlockState: { State: "associated" } }], Tags: [{ Key: "Name", Value: `classboard-${k}` }] });
    const priv = subnetIds(vpc);
    const pub = priv.map((s) => `${s.slice(0, 9)}f${s.slice(10)}`);
    const subnet = (SubnetId, i, isPublic) => ({
      SubnetId, VpcId: id, CidrBlock: `${octets[0]}.${octets[1]}.${isPublic ? 100 + i : i}.0/24`, AvailabilityZone: `${region}${"abc"[i]}`,
      AvailableIpAddressCount: 240, DefaultForAz: false, MapPublicIpOnLaunch: false, State: "available", ...owner,
      SubnetArn: `arn:aws:ec2:${region}:${ACCOUNT_ID}:subnet/${SubnetId}`, Tags: [{ Key: "Name", Value: `classboard-${k}-${isPublic ? "public" : "private"}-${"abc"[i]}` }],
    });
    priv.forEach((s, i) => out.Subnets.push(subnet(s, i, false)));
    pub.forEach((s, i) => out.Subnets.push(subnet(s, i, true)));
    const local = { DestinationCidrBlock: vpc.cidr, GatewayId: "local", Origin: "CreateRouteTable", State: "active" };
    const table = (kind, route, subnets, main) => {
      const RouteTableId = `rtb-0${v}${kind}${String(k).padStart(14, "0")}`;
      return {
        RouteTableId, VpcId: id, ...owner, Routes: [local, { DestinationCidrBlock: "0.0.0.0/0", ...route, Origin: "CreateRoute", State: "active" }],
        Associations: [
          ...(main ? [{ Main: true, RouteTableAssociationId: `rtbassoc-0${v}${kind}f${String(k).padStart(13, "0")}`, RouteTableId, AssociationState: { State: "associated" } }] : []),
          ...subnets.map((SubnetId, i) => ({ Main: false, RouteTableAssociationId: `rtbassoc-0${v}${kind}${i}${String(k).padStart(13, "0")}`, RouteTableId, SubnetId, AssociationState: { State: "associated" } })),
        ],
        PropagatingVgws: [], Tags: [{ Key: "Name", Value: `classboard-${k}-${kind === "e" ? "public" : "private"}` }],
      };
    };
    out.RouteTables.push(table("e", { GatewayId: `igw-0${v}${String(k).padStart(15, "0")}` }, pub, true));
    out.RouteTables.push(table("d", { NatGatewayId: `nat-0${v}${String(k).padStart(15, "0")}` }, priv, false));
    const logGroup = `/aws/vpc/flow-logs/classboard-${tenantName(k * 8)}`;
    out.FlowLogs.push({
      FlowLogId: `fl-0${v}${String(k).padStart(15, "0")}`, CreationTime: iso(EPOCH), DeliverLogsStatus: "SUCCESS", FlowLogStatus: "ACTIVE",
      LogGroupName: logGroup, ResourceId: id, TrafficType: "ALL", LogDestinationType: "cloud-watch-logs",
      LogDestination: `arn:aws:logs:${region}:${ACCOUNT_ID}:log-group:${logGroup}`, DeliverLogsPermissionArn: `arn:aws:iam::${ACCOUNT_ID}:role/classboard-flow-logs`,
      LogFormat: "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}",
      MaxAggregationInterval: 600, Tags: [],
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------- RDS

const PG_PARAMS = 180;
const MYSQL_PARAMS = 240;

/** An engine's parameter group as DescribeDBParameters pages it: a few set by the user, the rest engine defaults. */
function parameterGroup(region, engine) {
  const pg = engine === "postgres";
  const name = pg ? "classboard-pg16" : "classboard-mysql80";
  const Parameters = [];
  const count = pg ? PG_PARAMS : MYSQL_PARAMS;
  for (let i = 0; i < count; i++) {
    Parameters.push({
      ParameterName: i === 0 ? (pg ? "rds.force_ssl" : "require_secure_transport") : `${pg ? "pg" : "innodb"}_param_${String(i).padStart(3, "0")}`,
      ParameterValue: i === 0 ? (pg ? "1" : "ON") : String((i * 37) % 1000),
      Description: `parameter ${i}`,
      Source: i < 6 ? "user" : "engine-default",
      ApplyType: i % 3 === 0 ? "static" : "dynamic",
      DataType: "integer",
      AllowedValues: "0-1000",
      IsModifiable: true,
      ApplyMethod: "pending-reboot",
    });
  }
  return {
    DBParameterGroupName: name, DBParameterGroupFamily: pg ? "postgres16" : "mysql8.0",
    Description: `ClassBoard ${pg ? "PostgreSQL 16" : "MySQL 8.0"}`,
    DBParameterGroupArn: `arn:aws:rds:${region}:${ACCOUNT_ID}:pg:${name}`, Parameters,
  };
}

/** A subnet group as DescribeDBInstances embeds it (without its ARN). */
function withoutArn(group) {
  const g = { ...group };
  delete g.DBSubnetGroupArn;
  return g;
}

function subnetGroup(region, vpc) {
  const name = `classboard-db-${String(vpc.k).padStart(2, "0")}`;
  const azs = ["a", "b", "c"].map((z) => `${region}${z}`);
  return {
    DBSubnetGroupName: name, DBSubnetGroupDescription: `ClassBoard database subnets, VPC ${vpc.k}`, VpcId: vpc.id, SubnetGroupStatus: "Complete",
    Subnets: subnetIds(vpc).map((SubnetIdentifier, i) => ({ SubnetIdentifier, SubnetAvailabilityZone: { Name: azs[i] }, SubnetOutpost: {}, SubnetStatus: "Active" })),
    SupportedNetworkTypes: ["IPV4"], DBSubnetGroupArn: `arn:aws:rds:${region}:${ACCOUNT_ID}:subgrp:${name}`,
  };
}

/** A region's DB instances: each tenant a primary and (most) a reporting replica; in us-west-2 DR replicas of us-east-1's. */
function dbInstances(r, region, n, groups, params) {
  const out = [];
  const subnetGroups = new Map();
  for (let tenant = 0; out.length < n; tenant++) {
    const t = tenantName(tenant);
    const vpc = vpcOf(region, tenant);
    if (!subnetGroups.has(vpc.id)) subnetGroups.set(vpc.id, subnetGroup(region, vpc));
    const sg = groups.find((g) => g.GroupName === `classboard-${t}-db`)?.GroupId ?? groups[0].GroupId;
    const mysql = tenant % 9 === 4;
    for (const role of tenant % 3 === 2 ? ["prod"] : ["prod", "reporting"]) {
      if (out.length >= n) break;
      const id = `classboard-${t}-${role}`;
      const prod = role === "prod";
      const engine = mysql ? "mysql" : "postgres";
      const az = `${region}${pick(r, ["a", "b", "c"])}`;
      const created = EPOCH + Math.floor(r() * 300) * DAY;
      const resourceId = `db-${hex(r, 26).toUpperCase()}`;
      const pInsights = tenant % 13 !== 6;
      out.push({
        DBInstanceIdentifier: id,
        DBInstanceClass: prod ? pick(r, ["db.r5.large", "db.r5.large", "db.r6g.large", "db.r6g.xlarge"]) : pick(r, ["db.t4g.medium", "db.r5.large"]),
        Engine: engine, DBInstanceStatus: "available", MasterUsername: "classboard", DBName: "classboard",
        Endpoint: { Address: `${id}.c${hex(r, 11)}.${region}.rds.amazonaws.com`, Port: mysql ? 3306 : 5432, HostedZoneId: "Z2R2ITUGPM61AM" },
        AllocatedStorage: prod ? pick(r, [100, 200, 500]) : 100, MaxAllocatedStorage: prod ? 1000 : pick(r, [1000, 2000]),
        InstanceCreateTime: iso(created), PreferredBackupWindow: "03:00-04:00",
        BackupRetentionPeriod: prod ? pick(r, [30, 35, 35]) : pick(r, [7, 30, 30]),
        DBSecurityGroups: [], VpcSecurityGroups: [{ VpcSecurityGroupId: sg, Status: "active" }],
        DBParameterGroups: [{ DBParameterGroupName: (mysql ? params.mysql : params.pg).DBParameterGroupName, ParameterApplyStatus: "in-sync" }],
        AvailabilityZone: az, DBSubnetGroup: withoutArn(subnetGroups.get(vpc.id)),
        PreferredMaintenanceWindow: "sun:05:00-sun:06:00", PendingModifiedValues: {},
        LatestRestorableTime: iso(EPOCH + 330 * DAY), MultiAZ: prod, EngineVersion: mysql ? "8.0.39" : pick(r, ["16.4", "16.6"]),
        AutoMinorVersionUpgrade: true, ReadReplicaDBInstanceIdentifiers: [], ReadReplicaDBClusterIdentifiers: [],
        LicenseModel: mysql ? "general-public-license" : "postgresql-license",
        OptionGroupMemberships: [{ OptionGroupName: mysql ? "default:mysql-8-0" : "default:postgres-16", Status: "in-sync" }],
        ...(prod ? { SecondaryAvailabilityZone: `${region}${az.endsWith("a") ? "b" : "a"}` } : {}),
        PubliclyAccessible: false, StorageType: "gp3", DbInstancePort: 0, StorageEncrypted: true, KmsKeyId: kmsKey(region, "data"),
        DbiResourceId: resourceId, CACertificateIdentifier: "rds-ca-rsa2048-g1", DomainMemberships: [], CopyTagsToSnapshot: true,
        MonitoringInterval: 60, DBInstanceArn: `arn:aws:rds:${region}:${ACCOUNT_ID}:db:${id}`, IAMDatabaseAuthenticationEnabled: false,
        PerformanceInsightsEnabled: pInsights,
        ...(pInsights ? { PerformanceInsightsKMSKeyId: kmsKey(region, "data"), PerformanceInsightsRetentionPeriod: 7 } : {}),
        EnabledCloudwatchLogsExports: mysql ? ["error", "slowquery"] : ["postgresql", "upgrade"], DeletionProtection: prod,
        AssociatedRoles: [], TagList: tags(t, { role }), CustomerOwnedIpEnabled: false, BackupTarget: "region", NetworkType: "IPV4",
        StorageThroughput: 125, CertificateDetails: { CAIdentifier: "rds-ca-rsa2048-g1", ValidTill: iso(created + 395 * DAY) },
        MasterUserSecret: { SecretArn: `arn:aws:secretsmanager:${region}:${ACCOUNT_ID}:secret:rds!db-${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}-${hex(r, 6)}`, SecretStatus: "active", KmsKeyId: kmsKey(region, "data") },
        DedicatedLogVolume: false,
      });
    }
  }
  return { instances: out, subnetGroups: [...subnetGroups.values()] };
}

// ---------------------------------------------------------------------------------------- S3

const DENY_INSECURE = (arn) => ({
  Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*",
  Resource: [`${arn}/*`, arn], Condition: { Bool: { "aws:SecureTransport": "false" } },
});

const PAB = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/** A tenant's buckets in a region: files, exports, access logs, audit logs, backups; us-west-2 has the replicas. */
const PURPOSES = ["files", "access-logs", "exports", "audit-logs", "backups"];

function bucket(r, region, tenant, purpose, replica = false, logTenant = tenant) {
  const t = tenantName(tenant);
  // Replicas are named after their source (`…-files-replica-us-west-2`), as its replication rule names them.
  const name = `classboard-${t}-${purpose}-${region}`;
  const arn = `arn:aws:s3:::${name}`;
  const logs = `classboard-${tenantName(logTenant)}-access-logs-${region}`;
  const isLog = purpose === "access-logs";
  const b = {
    Name: name,
    CreationDate: iso(EPOCH + Math.floor(r() * 300) * DAY + Math.floor(r() * DAY)),
    // Drift: some buckets keep S3's own default (SSE-S3), which CB-S3-001 fails.
    ServerSideEncryptionConfiguration: {
      Rules: [r() < 0.06
        ? { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: false }
        : { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: kmsKey(region, purpose === "backups" ? "backup" : "data") }, BucketKeyEnabled: true }],
    },
    Versioning: r() < 0.03 ? { Status: "Suspended", MFADelete: "Disabled" } : { Status: "Enabled", MFADelete: "Disabled" },
    LifecycleConfiguration: {
      Rules: [
        isLog
          ? { ID: "retention", Filter: { Prefix: "" }, Status: "Enabled", Expiration: { Days: pick(r, [90, 90, 180, 365]) }, NoncurrentVersionExpiration: { NoncurrentDays: 1 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }
          : { ID: "retention", Filter: { Prefix: "" }, Status: "Enabled", Transitions: [{ Days: pick(r, [30, 60, 90]), StorageClass: "STANDARD_IA" }, { Days: 365, StorageClass: "GLACIER" }], NoncurrentVersionExpiration: { NoncurrentDays: pick(r, [30, 90]) }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
        ...(purpose === "exports" ? [{ ID: "tmp-cleanup", Filter: { And: { Prefix: "tmp/", Tags: [{ Key: "temporary", Value: "true" }] } }, Status: "Enabled", Expiration: { Days: 7 } }] : []),
      ],
    },
    PublicAccessBlockConfiguration: PAB,
    Policy: {
      Version: "2012-10-17",
      Statement: isLog
        ? [{ Sid: "S3ServerAccessLogDelivery", Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: `${arn}/s3/*`, Condition: { ArnLike: { "aws:SourceArn": `arn:aws:s3:::classboard-${t}-*` }, StringEquals: { "aws:SourceAccount": ACCOUNT_ID } } }, DENY_INSECURE(arn)]
        : [DENY_INSECURE(arn)],
    },
    ...(isLog ? {} : { LoggingEnabled: { TargetBucket: logs, TargetPrefix: `s3/${name}/` } }),
  };
  if (purpose === "files") {
    b.CORSConfiguration = { CORSRules: [{ AllowedHeaders: ["Authorization", "Content-Type", "x-amz-*"], AllowedMethods: ["GET", "HEAD", "PUT"], AllowedOrigins: ["https://classboard.app"], ExposeHeaders: ["ETag"], MaxAgeSeconds: 3600 }] };
  }
  if (!replica && region === "us-east-1" && (purpose === "files" || purpose === "backups")) {
    b.ReplicationConfiguration = {
      Role: `arn:aws:iam::${ACCOUNT_ID}:role/classboard-${t}-s3-replication`,
      Rules: [{
        ID: `${purpose}-to-us-west-2`, Priority: 1, Status: "Enabled", Filter: { Prefix: "" },
        SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: "Enabled" } },
        Destination: { Bucket: `arn:aws:s3:::classboard-${t}-${purpose}-replica-us-west-2`, StorageClass: "STANDARD_IA", EncryptionConfiguration: { ReplicaKmsKeyID: kmsKey("us-west-2", "backup") } },
        DeleteMarkerReplication: { Status: "Enabled" },
      }],
    };
  }
  return b;
}

/**
 * A region's buckets, tenant by tenant. us-west-2 first holds the replicas of the files and backups
 * buckets of us-east-1's `replicated` tenants, then buckets of its own.
 */
function buckets(r, region, n, replicated) {
  const out = [];
  if (region === "us-west-2") {
    // The replicas log to the access-log buckets of the region's own tenants, round robin.
    const own = Math.max(1, Math.ceil((n - Math.min(n, 2 * replicated)) / PURPOSES.length));
    for (let tenant = 0; tenant < replicated; tenant++) for (const purpose of ["files-replica", "backups-replica"]) if (out.length < n) out.push(bucket(r, region, tenant, purpose, true, tenant % own));
  }
  for (let tenant = 0; out.length < n; tenant++) for (const purpose of PURPOSES) if (out.length < n) out.push(bucket(r, region, tenant, purpose));
  return out;
}

// ---------------------------------------------------------------------------------------- logs

const LAMBDAS = ["api", "worker", "data-cleanup", "thumbnailer", "mailer", "grade-export", "sso-sync"];

/** A region's log groups: per tenant its Lambda functions, database exports, application and access logs. */
function logGroups(r, region, n, dbs) {
  const out = [];
  const push = (name, retention, { kms = true, cls = "STANDARD" } = {}) => {
    if (out.length >= n) return;
    const arn = `arn:aws:logs:${region}:${ACCOUNT_ID}:log-group:${name}`;
    out.push({
      logGroupName: name,
      creationTime: EPOCH + Math.floor(r() * 300 * DAY),
      ...(retention === undefined ? {} : { retentionInDays: retention }),
      metricFilterCount: Math.floor(r() * 3),
      arn: `${arn}:*`,
      storedBytes: Math.floor(r() * 5e9),
      ...(kms ? { kmsKeyId: kmsKey(region, "logs") } : {}),
      dataProtectionStatus: "DISABLED",
      logGroupClass: cls,
      logGroupArn: arn,
    });
  };
  const dbsByTenant = new Map();
  for (const db of dbs) {
    const t = db.DBInstanceIdentifier.split("-")[1];
    if (!dbsByTenant.has(t)) dbsByTenant.set(t, []);
    dbsByTenant.get(t).push(db);
  }
  for (let tenant = 0; out.length < n; tenant++) {
    const t = tenantName(tenant);
    // Drift: now and then a group someone made by hand, with no retention or a short one.
    const appRetention = () => (r() < 0.02 ? undefined : r() < 0.02 ? 7 : pick(r, [30, 90, 365]));
    for (const fn of LAMBDAS) push(`/aws/lambda/classboard-${t}-${fn}`, appRetention());
    for (const db of dbsByTenant.get(t) ?? []) for (const exp of db.EnabledCloudwatchLogsExports) push(`/aws/rds/instance/${db.DBInstanceIdentifier}/${exp}`, pick(r, [30, 90]), { kms: false });
    for (const svc of ["api", "web", "scheduler"]) push(`/classboard/${t}/${svc}`, appRetention());
    push(`/classboard/${t}/access`, pick(r, [90, 180, 400]));
    push(`/aws/vpc/flow-logs/classboard-${t}`, pick(r, [90, 365]), { cls: "INFREQUENT_ACCESS" });
  }
  return out;
}

// ---------------------------------------------------------------------------------------- account

/** The whole account: `counts` of each kind (DEFAULT_COUNTS), spread over REGION_SHARES. */
export function syntheticAccount(counts = DEFAULT_COUNTS) {
  const r = rng(20261127);
  const split = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, perRegion(v)]));
  const services = { rds: { regions: {} }, ec2: { regions: {} }, s3: { regions: {}, owner: { ID: hex(r, 64) } }, logs: { regions: {} } };
  for (const [region] of REGION_SHARES) {
    const sgs = securityGroups(r, region, split.securityGroups[region]);
    const pg = parameterGroup(region, "postgres");
    const mysql = parameterGroup(region, "mysql");
    const { instances, subnetGroups } = dbInstances(r, region, split.dbInstances[region], sgs, { pg, mysql });
    const vpcIds = [...new Set([...sgs.map((g) => g.VpcId), ...subnetGroups.map((g) => g.VpcId)])].sort();
    services.ec2.regions[region] = { SecurityGroups: sgs, ...network(region, vpcIds) };
    services.rds.regions[region] = { DBInstances: instances, DBClusters: [], DBSubnetGroups: subnetGroups, DBParameterGroups: [pg, mysql] };
    services.s3.regions[region] = { Buckets: buckets(r, region, split.buckets[region], Math.ceil(split.buckets["us-east-1"] / PURPOSES.length)) };
    services.logs.regions[region] = { logGroups: logGroups(r, region, split.logGroups[region], instances) };
  }
  return {
    accountId: ACCOUNT_ID,
    caller: { Arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/cbguard-readonly/bench`, UserId: "AROA3XFRBF23BENCH0001:bench" },
    services,
  };
}

/** What the account holds, by kind and region (for the report and to check the scan saw everything). */
export function accountSummary(account) {
  const count = (svc, key) => Object.fromEntries(Object.entries(account.services[svc].regions).map(([region, d]) => [region, d[key].length]));
  return {
    buckets: count("s3", "Buckets"),
    dbInstances: count("rds", "DBInstances"),
    logGroups: count("logs", "logGroups"),
    securityGroups: count("ec2", "SecurityGroups"),
    dbParameterGroups: count("rds", "DBParameterGroups"),
    dbSubnetGroups: count("rds", "DBSubnetGroups"),
    vpcs: count("ec2", "Vpcs"),
    subnets: count("ec2", "Subnets"),
    routeTables: count("ec2", "RouteTables"),
  };
}
