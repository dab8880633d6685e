import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * An account snapshot (see fixtures/aws/README.md): a folder with `account.json` (who the caller is)
 * and one file per service. Resources are kept as the API describes them, in the API's own member
 * names (RDS `DBInstance`, EC2 `SecurityGroup`, Logs `LogGroup`…), so the endpoint only has to page,
 * filter and serialise them.
 */
export type ApiObject = Record<string, unknown>;

/** One service's file: data per region, data of a global service, and service-wide extras. */
export interface ServiceSnapshot {
  regions?: Record<string, ApiObject>;
  /** Global services (IAM, CloudFront, Organizations, Budgets): answered in every region. */
  global?: ApiObject;
  [extra: string]: unknown;
}

export interface AccountSnapshot {
  accountId: string;
  /** GetCallerIdentity output. */
  caller: { Arn: string; UserId: string };
  /** The regions enabled for the account (EC2 DescribeRegions); default: every region its data names. */
  regions?: string[];
  /** Role names STS AssumeRole may assume in this account (any other is denied). */
  assumableRoles?: string[];
  /** Keyed by the file name: the SigV4 signing name of the service (`rds`, `s3`, `logs`, `monitoring`…). */
  services: Record<string, ServiceSnapshot>;
}

export const FIXTURES_AWS = fileURLToPath(new URL("../../fixtures/aws/", import.meta.url));

/**
 * `compliant`, `broken`, or a folder path. `as` serves the same data as another account (an
 * organization's member built from a known snapshot), its account id replaced everywhere (ARNs),
 * and optionally a name prefix (`classboard-production` → `classboard-staging`).
 */
export function loadAccount(name: string, as?: { accountId: string; assumableRoles?: string[]; rename?: [from: string, to: string] }): AccountSnapshot {
  const dir = name.includes("/") ? name : join(FIXTURES_AWS, name);
  const accountFile = join(dir, "account.json");
  if (!existsSync(accountFile)) throw new Error(`${dir}: not an account snapshot (no account.json)`);
  const head = JSON.parse(readFileSync(accountFile, "utf8")) as Omit<AccountSnapshot, "services">;
  if (!/^\d{12}$/.test(head.accountId)) throw new Error(`${accountFile}: accountId must be 12 digits`);
  const services: Record<string, ServiceSnapshot> = {};
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith(".json") || f === "account.json") continue;
    services[f.slice(0, -5)] = JSON.parse(readFileSync(join(dir, f), "utf8")) as ServiceSnapshot;
  }
  if (as) {
    // Bucket names are global: a second account built from the same snapshot needs names of its own.
    const [from, to] = as.rename ?? ["", ""];
    const moved = (v: unknown): unknown => JSON.parse((from ? JSON.stringify(v).replaceAll(from, to) : JSON.stringify(v)).replaceAll(head.accountId, as.accountId));
    return { ...(moved(head) as typeof head), ...(as.assumableRoles ? { assumableRoles: as.assumableRoles } : {}), services: moved(services) as typeof services };
  }
  return { ...head, services };
}

/** A service's data in one region (`{}` when the account has none there). */
export function regionData<T = ApiObject>(account: AccountSnapshot, service: string, region: string): Partial<T> {
  return (account.services[service]?.regions?.[region] ?? {}) as Partial<T>;
}

/** A global service's data (`{}` when the account has none). */
export function globalData<T = ApiObject>(account: AccountSnapshot, service: string): Partial<T> {
  return (account.services[service]?.global ?? {}) as Partial<T>;
}
