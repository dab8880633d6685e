import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * An account snapshot (see fixtures/aws/README.md). Resources are kept as the API describes them, in
 * the API's own member names (RDS `DBInstance`, EC2 `SecurityGroup`, Logs `LogGroup`…), so the endpoint
 * only has to page, filter and serialise them.
 */
export type ApiObject = Record<string, unknown>;

export interface S3BucketSnapshot {
  /** ListBuckets `Bucket` members. */
  Name: string;
  CreationDate: string;
  /** GetBucketEncryption output; absent = the bucket has no default encryption configuration (404). */
  ServerSideEncryptionConfiguration?: { Rules: ApiObject[] };
  /** GetBucketVersioning output; absent or `{}` = versioning never enabled. */
  Versioning?: { Status?: "Enabled" | "Suspended"; MFADelete?: "Enabled" | "Disabled" };
}

export interface RegionSnapshot {
  rds?: { DBInstances?: ApiObject[] };
  ec2?: { SecurityGroups?: ApiObject[] };
  s3?: { Buckets?: S3BucketSnapshot[] };
  logs?: { logGroups?: ApiObject[] };
}

export interface AccountSnapshot {
  accountId: string;
  /** GetCallerIdentity output. */
  caller: { Arn: string; UserId: string };
  /** S3 ListBuckets `Owner`. */
  s3Owner?: { ID: string; DisplayName?: string };
  regions: Record<string, RegionSnapshot>;
}

export const FIXTURES_AWS = fileURLToPath(new URL("../../fixtures/aws/", import.meta.url));

export function loadAccount(name: "compliant" | "broken" | string): AccountSnapshot {
  const path = name.includes("/") ? name : `${FIXTURES_AWS}${name}.json`;
  const data = JSON.parse(readFileSync(path, "utf8")) as AccountSnapshot;
  if (!/^\d{12}$/.test(data.accountId) || typeof data.regions !== "object") throw new Error(`${path}: not an account snapshot`);
  return data;
}
