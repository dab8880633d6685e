/**
 * Runs the collector table against one account: every row in every region (global rows once), with
 * a promise pool bounding concurrent calls and the SDK's adaptive retry mode (which also rate-limits
 * each client, that is each service in each region, once it sees throttling). Nothing a call can
 * throw stops the scan: a failed list is recorded as unread, a failed detail as unreadable.
 */
import type { Inventory, Resource, Unread } from "../../model/resource.js";
import { makeClient, type ClientSettings, type SdkClient } from "./clients.js";
import { SERVICE_LIMITS } from "./limits.js";
import { COLLECTORS } from "./rows.js";
import { allPages, failureReason, type CollectContext, type CollectorRow, type DetailResult } from "./table.js";

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

/** What a scan did, per service: API calls made (retries not counted) and calls that failed. */
export type CallStats = Record<string, { calls: number; failed: number }>;

/** Adds `from`'s counts into `into`. */
export function addStats(into: CallStats, from: CallStats): CallStats {
  for (const [svc, s] of Object.entries(from)) {
    const t = (into[svc] ??= { calls: 0, failed: 0 });
    t.calls += s.calls;
    t.failed += s.failed;
  }
  return into;
}

/** The report's API calls per service (`scan.apiCalls`). */
export function callsPerService(stats: CallStats): Record<string, number> {
  return Object.fromEntries(Object.entries(stats).map(([svc, s]) => [svc, s.calls]));
}

/** The order every inventory keeps: by address, then type (a resource and its split parts share an ARN). */
export function byAddress(a: Resource, b: Resource): number {
  return a.address < b.address ? -1 : a.address > b.address ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
}

export interface ScanProgress {
  account: string;
  /** Rows × regions finished, of all. */
  done: number;
  total: number;
  calls: number;
  /** Calls that failed (denied, throttled past retries, 5xx); "nothing configured" answers are not counted. */
  errors: number;
}

/** Several parts' progress (accounts, or an account's direct and Config parts) as one. */
export function sumProgress(account: string, parts: readonly ScanProgress[]): ScanProgress {
  const total = (k: "done" | "total" | "calls" | "errors") => parts.reduce((n, p) => n + p[k], 0);
  return { account, done: total("done"), total: total("total"), calls: total("calls"), errors: total("errors") };
}

export interface CollectOptions extends ClientSettings {
  account: string;
  regions: string[];
  /** Concurrent calls at most (default 8). */
  concurrency?: number;
  /** The rows to run (default: the whole table). */
  rows?: readonly CollectorRow<never>[];
  /** Build a client yourself (a replay of evidence, a test double); receives the package, class and region. */
  clientFor?: (clientPackage: string, clientClass: string, region: string) => Promise<SdkClient>;
  /** Sees every call made and its answer (evidence). */
  onCall?: (call: RecordedCall) => void;
  onProgress?: (p: ScanProgress) => void;
  /** The scan's "now" (default: the clock); a replay passes the recorded scan's. */
  now?: Date;
  /** Share one pool of calls between accounts scanned together (default: a pool of `concurrency`). */
  run?: Run;
}

export interface RecordedCall {
  /** The SDK client package that made it. */
  client: string;
  service: string;
  region: string;
  /** The SDK command name without `Command`: the API operation. */
  operation: string;
  input: unknown;
  output?: unknown;
  error?: { name: string; message: string };
}

export interface AccountInventory extends Inventory {
  unread: Unread[];
  stats: CallStats;
}

/** Runs a task within the pool; `first` puts it ahead of the queue. */
export type Run = <T>(task: () => Promise<T>, first?: boolean) => Promise<T>;

/**
 * A tiny promise pool: at most `n` tasks run at once. A list's next page is a sequential chain
 * nothing else can shorten, so it goes `first`: otherwise thousands of queued detail calls (a
 * bucket's nine Gets) leave the last pages of a long listing to run alone at the end of the scan.
 */
export function pool(n: number): Run {
  let active = 0;
  const waiting: (() => void)[] = [];
  const urgent: (() => void)[] = [];
  return async <T>(task: () => Promise<T>, first = false): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => (first ? urgent : waiting).push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      (urgent.shift() ?? waiting.shift())?.();
    }
  };
}

function errorName(e: unknown): string {
  return (e as { name?: string }).name ?? "";
}

/** A client that counts its calls in `stats` and shows each call and its answer to `onCall` (evidence). */
export function counted(client: SdkClient, where: Pick<RecordedCall, "client" | "service" | "region">, stats: CallStats, onCall?: (call: RecordedCall) => void): SdkClient {
  return {
    send: async (command) => {
      const s = (stats[where.service] ??= { calls: 0, failed: 0 });
      s.calls++;
      const operation = command.constructor.name.replace(/Command$/, "");
      try {
        const output = await client.send(command);
        onCall?.({ ...where, operation, input: command.input, output: withoutMetadata(output) });
        return output;
      } catch (e) {
        s.failed++;
        onCall?.({ ...where, operation, input: command.input, error: { name: errorName(e), message: (e as Error).message ?? "" } });
        throw e;
      }
    },
  };
}

export async function collectAccount(opts: CollectOptions): Promise<AccountInventory> {
  const shared = opts.run ?? pool(opts.concurrency ?? 8);
  // A service's own limit is taken before a slot of the shared pool, so waiting on it holds no slot.
  const servicePools = new Map<string, Run>();
  const runFor = (service: string): Run => {
    const limit = SERVICE_LIMITS[service];
    if (limit === undefined) return shared;
    let p = servicePools.get(service);
    if (!p) servicePools.set(service, (p = pool(limit)));
    const own = p;
    return (task, first) => own(() => shared(task, first), first);
  };
  const now = opts.now ?? new Date();
  const rows = opts.rows ?? COLLECTORS;
  const stats: CallStats = {};
  const progress: ScanProgress = { account: opts.account, done: 0, total: 0, calls: 0, errors: 0 };
  let notConfigured = 0;
  const clients = new Map<string, Promise<SdkClient>>();

  /** Every client counts its calls per service and shows them to `onCall`, whoever built it. */
  const clientFor = (row: CollectorRow<never>, region: string): Promise<SdkClient> => {
    const key = `${row.clientPackage}|${region}`;
    let c = clients.get(key);
    if (!c) {
      const built = opts.clientFor ? opts.clientFor(row.clientPackage, row.clientClass, region) : makeClient(row.clientPackage, row.clientClass, region, opts);
      c = built.then((client) => counted(client, { client: row.clientPackage, service: row.service, region }, stats, opts.onCall));
      clients.set(key, c);
    }
    return c;
  };

  const resources: Resource[] = [];
  const unread: Unread[] = [];

  async function listAll<T>(row: CollectorRow<T>, region: string, ctx: CollectContext, regions: string[]): Promise<T[] | undefined> {
    const client = await clientFor(row as CollectorRow<never>, region);
    try {
      return await allPages((token) => runFor(row.service)(() => row.list(client, token, ctx), true));
    } catch (e) {
      const reason = failureReason(row.iamAction, e);
      const entry = { account: opts.account, service: row.service, action: row.iamAction, types: row.types, reason };
      // A global service's resources have no region: one entry stands for all of them.
      if (row.global && !row.regionOf) unread.push(entry);
      else for (const r of regions) unread.push({ ...entry, region: r });
      return undefined;
    }
  }

  async function itemResources<T>(row: CollectorRow<T>, item: T, ctx: CollectContext, callRegion: string): Promise<Resource[]> {
    const client = await clientFor(row as CollectorRow<never>, callRegion);
    const details: Record<string, DetailResult> = {};
    await Promise.all(
      Object.entries(row.details ?? {}).map(async ([key, d]) => {
        try {
          details[key] = { ok: true, value: await runFor(row.service)(() => d.call(client, item, ctx)) };
        } catch (e) {
          const name = errorName(e);
          // "Nothing configured" (an S3 404) is an answer, not a failure: progress counts failures.
          if (name in d.notConfigured) notConfigured++;
          details[key] = name in d.notConfigured ? { ok: true, value: d.notConfigured[name] } : { ok: false, reason: failureReason(d.iamAction, e) };
        }
      }),
    );
    return row.map(item, details, ctx);
  }

  async function runGlobal<T>(row: CollectorRow<T>): Promise<void> {
    const home = opts.regions.includes("us-east-1") ? "us-east-1" : opts.regions[0];
    if (!home) return;
    const items = await listAll(row, home, { account: opts.account, region: home, global: true, now }, opts.regions);
    if (!items) return;
    await Promise.all(
      items.map(async (item) => {
        if (!row.regionOf) {
          resources.push(...(await itemResources(row, item, { account: opts.account, region: home, global: true, now }, home)));
          return;
        }
        const where = row.regionOf;
        const client = await clientFor(row as CollectorRow<never>, home);
        let region: string;
        try {
          region = await runFor(row.service)(() => where.call(client, item));
        } catch (e) {
          // Where it lives is unknown, so every scanned region may be missing it.
          for (const r of opts.regions) unread.push({ account: opts.account, region: r, service: row.service, action: where.iamAction, types: row.types, reason: failureReason(where.iamAction, e) });
          return;
        }
        if (!opts.regions.includes(region)) return;
        resources.push(...(await itemResources(row, item, { account: opts.account, region, now }, region)));
      }),
    );
  }

  async function runRow<T>(row: CollectorRow<T>): Promise<void> {
    if (row.global) {
      await runGlobal(row);
      step();
      return;
    }
    await Promise.all(
      opts.regions.map(async (region) => {
        const ctx = { account: opts.account, region, now };
        const items = await listAll(row, region, ctx, [region]);
        if (items) {
          const made = await Promise.all(items.map((item) => itemResources(row, item, ctx, region)));
          for (const m of made) resources.push(...m);
        }
        step();
      }),
    );
  }

  function step(): void {
    progress.done++;
    // Calls and failures are the stats' own counts, less the "nothing configured" answers.
    progress.calls = Object.values(stats).reduce((n, s) => n + s.calls, 0);
    progress.errors = Object.values(stats).reduce((n, s) => n + s.failed, 0) - notConfigured;
    opts.onProgress?.({ ...progress });
  }

  progress.total = rows.reduce((n, r) => n + (r.global ? 1 : opts.regions.length), 0);
  await Promise.all(rows.map((row) => runRow(row as CollectorRow<unknown>)));
  resources.sort(byAddress);
  return {
    kind: "aws",
    inputs: [opts.account],
    resources,
    scopes: opts.regions.map((region) => ({ address: `aws:${opts.account}:${region}`, region, account: opts.account })),
    account: opts.account,
    regions: opts.regions,
    ...(unread.length > 0 ? { notes: unread.map(describeUnread) } : {}),
    apiCalls: callsPerService(stats),
    unread,
    stats,
  };
}

/** `123456789012 us-east-1: rds:DescribeDBInstances not read (AccessDenied: …)`: the end-of-scan summary line. */
export function describeUnread(u: Unread): string {
  return `${u.account} ${u.region ?? "all regions"}: ${u.action} not read, so ${u.types.includes("*") ? "every rule" : u.types.join(", ")} unknown (${u.reason})`;
}

/** The SDK's `$metadata` (request ids, attempts) is about the call, not the account. */
function withoutMetadata(output: unknown): unknown {
  if (output === null || typeof output !== "object") return output;
  const rest = { ...(output as Record<string, unknown>) };
  delete rest.$metadata;
  return rest;
}
