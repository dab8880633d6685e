/**
 * Runs the collector table against one account: every row in every region (global rows once), with
 * a small promise pool bounding concurrent calls and the SDK's adaptive retry mode.
 */
import type { Inventory, Resource } from "../../model/resource.js";
import { ec2Rows } from "./ec2.js";
import { logsRows } from "./logs.js";
import { rdsRows } from "./rds.js";
import { s3Rows } from "./s3.js";
import { ACCESS_DENIED, deniedReason, type CollectContext, type CollectorRow, type DetailResult } from "./table.js";

export const COLLECTORS: readonly CollectorRow<never>[] = [...rdsRows, ...s3Rows, ...ec2Rows, ...logsRows] as unknown as CollectorRow<never>[];

/** Every IAM action the table needs: the read-only policy for a scan. */
export function requiredActions(rows: readonly CollectorRow<never>[] = COLLECTORS): string[] {
  const actions = new Set<string>();
  for (const r of rows) {
    actions.add(r.iamAction);
    if (r.regionOf) actions.add(r.regionOf.iamAction);
    for (const d of Object.values(r.details ?? {})) actions.add(d.iamAction);
  }
  return [...actions].sort();
}

export interface Unread {
  service: string;
  action: string;
  region: string;
  reason: string;
}

export interface CollectOptions {
  account: string;
  regions: string[];
  /** Endpoint override (tests, VPC endpoints); otherwise the SDK's own resolution. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Attempts per call under the adaptive retry mode (default 5). */
  maxAttempts?: number;
  /** Concurrent calls at most (default 8). */
  concurrency?: number;
  /** Build a client yourself (a test double, a custom config); receives the package and region. */
  clientFor?: (clientPackage: string, region: string) => Promise<unknown>;
}

/** A tiny promise pool: at most `n` tasks run at once. */
export function pool(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

const CLIENT_CLASS: Record<string, string> = {
  "@aws-sdk/client-rds": "RDSClient",
  "@aws-sdk/client-s3": "S3Client",
  "@aws-sdk/client-ec2": "EC2Client",
  "@aws-sdk/client-cloudwatch-logs": "CloudWatchLogsClient",
};

function errorName(e: unknown): string {
  return (e as { name?: string }).name ?? "";
}

export async function collectAccount(opts: CollectOptions): Promise<Inventory & { unread: Unread[] }> {
  const run = pool(opts.concurrency ?? 8);
  const clients = new Map<string, Promise<unknown>>();
  const clientFor = (pkg: string, region: string): Promise<unknown> => {
    const key = `${pkg}|${region}`;
    let c = clients.get(key);
    if (!c) {
      c = opts.clientFor
        ? opts.clientFor(pkg, region)
        : (import(pkg) as Promise<Record<string, new (cfg: object) => unknown>>).then((mod) => {
            const Ctor = mod[CLIENT_CLASS[pkg] ?? ""];
            if (!Ctor) throw new Error(`no client class in ${pkg}`);
            return new Ctor({
              region,
              retryMode: "adaptive",
              maxAttempts: opts.maxAttempts ?? 5,
              ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
              ...(opts.endpoint && pkg === "@aws-sdk/client-s3" ? { forcePathStyle: true } : {}),
              ...(opts.credentials ? { credentials: opts.credentials } : {}),
            });
          });
      clients.set(key, c);
    }
    return c;
  };

  const resources: Resource[] = [];
  const unread: Unread[] = [];

  async function listAll<T>(row: CollectorRow<T>, region: string, ctx: CollectContext): Promise<T[] | undefined> {
    const client = await clientFor(row.clientPackage, region);
    const items: T[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await run(() => row.list(client, token, ctx));
        items.push(...page.items);
        token = page.next;
      } while (token);
    } catch (e) {
      if (!ACCESS_DENIED.has(errorName(e))) throw e;
      const regions = row.global ? opts.regions : [region];
      for (const r of regions) unread.push({ service: row.service, action: row.iamAction, region: r, reason: deniedReason(row.iamAction, e) });
      return undefined;
    }
    return items;
  }

  async function itemResources<T>(row: CollectorRow<T>, item: T, ctx: CollectContext): Promise<Resource[]> {
    const client = await clientFor(row.clientPackage, ctx.region);
    const details: Record<string, DetailResult> = {};
    await Promise.all(
      Object.entries(row.details ?? {}).map(async ([key, d]) => {
        try {
          details[key] = { ok: true, value: await run(() => d.call(client, item)) };
        } catch (e) {
          const name = errorName(e);
          if (name in d.notConfigured) details[key] = { ok: true, value: d.notConfigured[name] };
          else if (ACCESS_DENIED.has(name)) details[key] = { ok: false, reason: deniedReason(d.iamAction, e) };
          else throw e;
        }
      }),
    );
    return row.map(item, details, ctx);
  }

  async function runRow<T>(row: CollectorRow<T>): Promise<void> {
    if (row.global) {
      const home = opts.regions.includes("us-east-1") ? "us-east-1" : opts.regions[0];
      if (!home) return;
      const items = await listAll(row, home, { account: opts.account, region: home });
      if (!items) return;
      await Promise.all(
        items.map(async (item) => {
          let region = home;
          if (row.regionOf) {
            const where = row.regionOf;
            const client = await clientFor(row.clientPackage, home);
            try {
              region = await run(() => where.call(client, item));
            } catch (e) {
              if (!ACCESS_DENIED.has(errorName(e))) throw e;
              unread.push({ service: row.service, action: where.iamAction, region: home, reason: deniedReason(where.iamAction, e) });
              return;
            }
          }
          if (!opts.regions.includes(region)) return;
          resources.push(...(await itemResources(row, item, { account: opts.account, region })));
        }),
      );
      return;
    }
    await Promise.all(
      opts.regions.map(async (region) => {
        const ctx = { account: opts.account, region };
        const items = await listAll(row, region, ctx);
        if (!items) return;
        for (const item of items) resources.push(...(await itemResources(row, item, ctx)));
      }),
    );
  }

  await Promise.all(COLLECTORS.map((row) => runRow(row as CollectorRow<unknown>)));
  resources.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const inventory: Inventory = {
    kind: "aws",
    inputs: [opts.account],
    resources,
    scopes: opts.regions.map((region) => ({ address: `aws:${opts.account}:${region}`, region, account: opts.account })),
    account: opts.account,
    regions: opts.regions,
  };
  if (unread.length > 0) inventory.notes = unread.map((u) => `${u.service} in ${u.region} not read: ${u.reason}`);
  return Object.assign(inventory, { unread });
}
