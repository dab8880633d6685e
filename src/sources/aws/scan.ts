/**
 * A live scan of one or many accounts: each account's regions collected with one shared pool of
 * calls, then one inventory for the engine. An account that cannot be reached is part of the
 * result (every verdict there unknown), never a reason to stop the others.
 */
import type { Inventory, Unread } from "../../model/resource.js";
import type { ClientSettings } from "./clients.js";
import { addStats, callsPerService, collectAccount, describeUnread, pool, sumProgress, type AccountInventory, type CallStats, type CollectOptions, type ScanProgress } from "./collect.js";
import { EvidenceRecorder, readEvidence, replayClients, type EvidenceManifest } from "./evidence.js";
import { resolveRegions, resolveTargets, type Target } from "./targets.js";

export interface AwsScanOptions extends ClientSettings {
  /** `us-east-1,us-west-2`, or `all`. */
  regions: string;
  roleArns?: string[];
  orgRoleName?: string;
  concurrency?: number;
  /** Keep every API answer here, with a hash manifest. */
  evidence?: string;
  onProgress?: (p: ScanProgress & { accounts: number }) => void;
  /** How each account is read: its direct APIs, or AWS Config first. */
  via?: "direct" | "config";
  /** With `via: "config"`: one organization aggregator's query for every account. */
  aggregator?: string;
  /** Collects each account with this instead of what `via` says (a test watching each account's inventory). */
  collect?: (opts: CollectOptions) => Promise<AccountInventory>;
  tool: string;
}

export interface AwsScan {
  inventory: Inventory;
  stats: CallStats;
  manifest?: EvidenceManifest;
}

/** Scopes, resources and what was not read, of every account: one inventory. */
export function mergeInventories(parts: readonly AccountInventory[], unreachable: readonly Unread[], regions: string[], readAt: Date): AwsScan {
  const resources = parts.flatMap((p) => p.resources);
  const unread = [...parts.flatMap((p) => p.unread), ...unreachable];
  const stats: CallStats = {};
  for (const p of parts) addStats(stats, p.stats);
  const accounts = [...new Set([...parts.map((p) => p.account ?? ""), ...unreachable.map((u) => u.account)])].filter((a) => a !== "").sort();
  const inventory: Inventory = {
    kind: "aws",
    inputs: accounts,
    resources,
    scopes: accounts.flatMap((account) => regions.map((region) => ({ address: `aws:${account}:${region}`, region, account }))),
    ...(accounts.length === 1 ? { account: accounts[0] as string } : {}),
    regions,
    readAt: readAt.toISOString(),
    unread,
    apiCalls: callsPerService(stats),
  };
  // Each account's own notes (Config mode adds its fallbacks), then the accounts never reached.
  const notes = [...parts.flatMap((p) => p.notes ?? []), ...unreachable.map(describeUnread)];
  if (notes.length > 0) inventory.notes = notes;
  return { inventory, stats };
}

export async function scanAws(opts: AwsScanOptions): Promise<AwsScan> {
  const startedAt = new Date();
  const homeRegion = opts.regions === "all" ? (process.env.AWS_REGION ?? "us-east-1") : (opts.regions.split(",")[0]?.trim() || "us-east-1");
  const { targets, unreachable } = await resolveTargets({ ...opts, homeRegion });
  const regions = await resolveRegions(opts.regions, targets[0]?.credentials ? { ...opts, credentials: targets[0].credentials } : opts, homeRegion);
  const run = pool(opts.concurrency ?? 8);
  const recorder = opts.evidence !== undefined ? new EvidenceRecorder() : undefined;
  const collect = opts.collect ?? await collectorFor(opts.via ?? "direct", opts.aggregator, { ...opts, ...(recorder && opts.aggregator !== undefined ? { onCall: recorder.for(AGGREGATOR) } : {}) });
  const progress = new Map<string, ScanProgress>();
  const report = () => {
    if (!opts.onProgress) return;
    const all = [...progress.values()];
    opts.onProgress({ ...sumProgress(all.map((p) => p.account).join(","), all), accounts: all.length });
  };
  const parts = await Promise.all(targets.map((t: Target) => collect({
    ...opts,
    account: t.account,
    regions,
    run,
    now: startedAt,
    ...(t.credentials ? { credentials: t.credentials } : {}),
    ...(recorder ? { onCall: recorder.for(t.account) } : {}),
    onProgress: (p) => {
      progress.set(t.account, p);
      report();
    },
  })));
  const lost: Unread[] = unreachable.map((u) => ({ account: u.account, service: "sts", action: "sts:AssumeRole", types: ["*"], reason: `${u.via}: ${u.reason}` }));
  const scan = mergeInventories(parts, lost, regions, startedAt);
  if (recorder && opts.evidence !== undefined) scan.manifest = recorder.write(opts.evidence, { tool: opts.tool, startedAt: startedAt.toISOString(), regions, via: opts.via ?? "direct", ...(opts.aggregator !== undefined ? { aggregator: opts.aggregator } : {}) });
  return scan;
}

/** The evidence file of an aggregator's query: it belongs to no one account. */
const AGGREGATOR = "aggregator";

/** How each account is collected: directly, through its own Config recorders, or from one aggregator query. */
async function collectorFor(via: "direct" | "config", aggregator: string | undefined, caller: ClientSettings & Pick<CollectOptions, "clientFor" | "onCall">): Promise<(opts: CollectOptions) => Promise<AccountInventory>> {
  if (via === "direct") return collectAccount;
  const config = await import("./config-mode.js");
  return aggregator === undefined ? config.collectViaConfig : config.viaAggregator({ ...caller, name: aggregator });
}

/** Re-judges a recorded scan offline: the same collectors, in the recorded mode, answered from the evidence. */
export async function replayAws(dir: string): Promise<AwsScan & { startedAt: Date }> {
  const { manifest, accounts } = readEvidence(dir);
  const recordedQuery = accounts.get(AGGREGATOR);
  accounts.delete(AGGREGATOR);
  const collect = await collectorFor(manifest.via, manifest.aggregator, recordedQuery ? { clientFor: replayClients(recordedQuery) } : {});
  const startedAt = new Date(manifest.startedAt);
  const parts = await Promise.all([...accounts.values()].map((e) => collect({
    account: e.account,
    regions: manifest.regions,
    now: startedAt,
    clientFor: replayClients(e),
  })));
  return { ...mergeInventories(parts, [], manifest.regions, startedAt), manifest, startedAt };
}
