/**
 * Config mode: the resources AWS Config records are read with advanced queries (one paged
 * SelectResourceConfig a region, or one SelectAggregateResourceConfig for a whole organization)
 * instead of each service's list and detail calls. Each item becomes the list item of the collector
 * row it stands in for, and the row's own `map` makes the resources, so both modes judge the same.
 * What Config does not carry (a type or region its recorder does not record, log groups, a detail it
 * has no field for) still comes from the direct APIs; a Select that fails sends that account's types
 * there too, with a note, never an empty answer.
 */
import { makeClient, type ClientSettings, type SdkClient } from "./clients.js";
import { addStats, byAddress, callsPerService, collectAccount, counted, pool, sumProgress, type AccountInventory, type CallStats, type CollectOptions, type ScanProgress } from "./collect.js";
import type { ConfigItem, ConfigType, RelatedItems } from "./config/items.js";
import { isGlobalType, records, RECORDER_TYPE } from "./config/recorder.js";
import { configTypeFor } from "./config/types.js";
import { COLLECTORS } from "./rows.js";
import { allPages, failureReason, pageOf, tokenParam, type CollectorRow, type DetailResult, type DetailRow } from "./table.js";

const CONFIG_PACKAGE = "@aws-sdk/client-config-service";
const CONFIG_CLIENT = "ConfigServiceClient";
/** What each item needs; `SELECT *` would give only the top-level scalars. */
const FIELDS = ["resourceId", "resourceName", "resourceType", "awsRegion", "accountId", "arn", "configurationItemStatus", "configuration", "supplementaryConfiguration"];
/** The IAM action Config mode needs on top of the table's: one account's recorders, or an aggregator. */
export const SELECT_ACTION = "config:SelectResourceConfig";
export const SELECT_AGGREGATE_ACTION = "config:SelectAggregateResourceConfig";
/** Items of deleted resources are history, not inventory. */
const GONE = new Set(["ResourceDeleted", "ResourceDeletedNotRecorded", "ResourceNotRecorded"]);

/** The Config advanced query that stands in for the rows' list calls. */
export function selectExpression(types: readonly string[], regions?: readonly string[]): string {
  const list = (xs: readonly string[]) => xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(", ");
  const sql = `SELECT ${FIELDS.join(", ")} WHERE resourceType IN (${list([RECORDER_TYPE, ...types])})`;
  // An aggregator answers for every region: only the scanned ones (and global resources) are asked for.
  return regions ? `${sql} AND awsRegion IN (${list([...regions, "global"])})` : sql;
}

/** The Select calls' answer, or why there is none. */
type Selected = { items: ConfigItem[] } | { failed: string };

interface Selector {
  stats: CallStats;
  select(region: string, expression: string, aggregator?: string): Promise<Selected>;
}

/** Config clients counted per call, shown to `onCall` like every collector call (evidence, replay). */
function selector(settings: ClientSettings & Pick<CollectOptions, "clientFor" | "onCall">): Selector {
  const stats: CallStats = {};
  const clients = new Map<string, Promise<SdkClient>>();
  const clientIn = (region: string) => {
    let c = clients.get(region);
    if (!c) {
      const built = settings.clientFor ? settings.clientFor(CONFIG_PACKAGE, CONFIG_CLIENT, region) : makeClient(CONFIG_PACKAGE, CONFIG_CLIENT, region, settings);
      c = built.then((client) => counted(client, { client: CONFIG_PACKAGE, service: "config", region }, stats, settings.onCall));
      clients.set(region, c);
    }
    return c;
  };
  async function send(region: string, command: { input: unknown }): Promise<{ Results?: string[]; NextToken?: string }> {
    return (await clientIn(region)).send(command);
  }
  return {
    stats,
    async select(region, expression, aggregator) {
      const { SelectAggregateResourceConfigCommand, SelectResourceConfigCommand } = await import("@aws-sdk/client-config-service");
      try {
        const results = await allPages(async (token) => {
          const input = { Expression: expression, Limit: 100, ...tokenParam("NextToken", token) };
          const out = await send(region, aggregator ? new SelectAggregateResourceConfigCommand({ ...input, ConfigurationAggregatorName: aggregator }) : new SelectResourceConfigCommand(input));
          return pageOf(out.Results, out.NextToken);
        });
        return { items: results.map((r) => JSON.parse(r) as ConfigItem) };
      } catch (e) {
        return { failed: failureReason(aggregator ? SELECT_AGGREGATE_ACTION : SELECT_ACTION, e) };
      }
    },
  };
}

/** A list item, with the detail answers Config gave for it when it came from Config. */
interface Carried<T> {
  item: T;
  region?: string;
  config?: Record<string, DetailResult>;
}

/** Config's answer for a detail, as the direct call's would be (a "not configured" error → the row's value). */
function answered<T>(d: DetailRow<T>, read: ConfigType["details"], ci: ConfigItem, related: RelatedItems): DetailResult | undefined {
  const r = read?.[d.operation]?.(ci, related);
  if (!r) return undefined;
  if ("value" in r) return { ok: true, value: r.value };
  if (r.notConfigured in d.notConfigured) return { ok: true, value: d.notConfigured[r.notConfigured] };
  return { ok: false, reason: failureReason(d.iamAction, { name: r.notConfigured }) };
}

/**
 * The row with its list call answered from Config in `fromConfig` regions (every region for a global
 * row): items placed by their `awsRegion`, the details Config carries answered without a call, the
 * others still called. Elsewhere the row runs as it is, list and details.
 */
function viaConfig<T>(row: CollectorRow<T>, type: ConfigType, items: readonly ConfigItem[], fromConfig: ReadonlySet<string>, relatedIn: (region: string) => RelatedItems): CollectorRow<Carried<T>> {
  const regionless = row.global === true && !row.regionOf;
  const carried: Carried<T>[] = items.flatMap((ci) => {
    const config: Record<string, DetailResult> = {};
    for (const [key, d] of Object.entries(row.details ?? {})) {
      const a = answered(d, type.details, ci, relatedIn(ci.awsRegion));
      if (a) config[key] = a;
    }
    return type.items(ci).map((item) => ({ item: item as T, region: ci.awsRegion, config }));
  });
  const details: Record<string, DetailRow<Carried<T>>> = {};
  for (const [key, d] of Object.entries(row.details ?? {})) {
    details[key] = { ...d, call: async (client, c, ctx) => (c.config && key in c.config ? undefined : d.call(client, c.item, ctx)) };
  }
  return {
    service: row.service,
    clientPackage: row.clientPackage,
    clientClass: row.clientClass,
    operation: row.operation,
    iamAction: row.iamAction,
    types: row.types,
    ...(row.paging ? { paging: row.paging } : {}),
    ...(regionless ? { global: true } : {}),
    list: async (client, token, ctx) => {
      if (regionless) return { items: carried };
      if (fromConfig.has(ctx.region)) return { items: carried.filter((c) => c.region === ctx.region) };
      const page = await row.list(client, token, ctx);
      return pageOf(page.items.map((item) => ({ item })), page.next);
    },
    details,
    map: (c, answers, ctx) => row.map(c.item, { ...answers, ...c.config }, ctx),
  };
}

/**
 * The rows to run for one account: Config's stand-ins where its recorder records the type. A
 * regional row reads Config where it is recorded and calls its API elsewhere; a global row (S3's
 * ListBuckets sees every region) needs it recorded in every region scanned, or runs directly.
 */
function plan(rows: readonly CollectorRow<never>[], selected: Selected, account: string, regions: readonly string[]): { rows: CollectorRow<never>[]; notes: string[] } {
  const mapped = rows.flatMap((row) => {
    const type = configTypeFor(row);
    return type ? [{ row, type }] : [];
  });
  const direct = rows.filter((r) => !configTypeFor(r));
  if ("failed" in selected) {
    const types = [...new Set(mapped.map((m) => m.type.resourceType))];
    return { rows: [...rows], notes: types.length > 0 ? [`${account}: AWS Config not read (${selected.failed}), so ${types.join(", ")} were read from the direct APIs`] : [] };
  }
  const mine = selected.items.filter((ci) => ci.accountId === account && !GONE.has(ci.configurationItemStatus ?? ""));
  const recorders = new Map(mine.filter((ci) => ci.resourceType === RECORDER_TYPE).map((ci) => [ci.awsRegion, ci]));
  const out: CollectorRow<never>[] = [...direct];
  const notes: string[] = [];
  const recordedIn = (t: string) => new Set(regions.filter((r) => {
    const rec = recorders.get(r);
    return rec !== undefined && records(rec, t);
  }));
  // Another type's items in a region, only where it is recorded: elsewhere the detail is called.
  const relatedOf = (t: string | undefined) => {
    const where = t ? recordedIn(t) : new Set<string>();
    return (region: string): RelatedItems => (t && where.has(region) ? mine.filter((ci) => ci.resourceType === t && ci.awsRegion === region) : undefined);
  };
  for (const { row, type } of mapped) {
    const t = type.resourceType;
    const recorded = recordedIn(t);
    const unrecorded = regions.filter((r) => !recorded.has(r));
    // A global type is recorded once, in one region; S3's list sees every region at once.
    const usable = row.global && !isGlobalType(t) ? unrecorded.length === 0 : recorded.size > 0;
    if (!usable || (unrecorded.length > 0 && !isGlobalType(t))) {
      notes.push(`${account}: AWS Config does not record ${t} in ${unrecorded.join(", ")}, so it was read from the direct APIs${usable ? " there" : ""}`);
    }
    if (!usable) {
      out.push(row);
      continue;
    }
    // An aggregator may answer a resource twice (overlapping sources): each once, by its ARN.
    const seen = new Set<string>();
    const items = mine.filter((ci) => {
      const key = `${ci.resourceType}|${ci.arn ?? ci.resourceId}`;
      if (ci.resourceType !== t || seen.has(key) || !(ci.awsRegion === "global" || recorded.has(ci.awsRegion))) return false;
      seen.add(key);
      return true;
    });
    out.push(viaConfig(row as CollectorRow<unknown>, type, items, recorded, relatedOf(type.related)) as unknown as CollectorRow<never>);
  }
  return { rows: out, notes };
}

/** The direct part's inventory with Config's calls and notes added. */
function merged(inv: AccountInventory, stats: CallStats, notes: readonly string[]): AccountInventory {
  addStats(inv.stats, stats);
  const apiCalls = callsPerService(inv.stats);
  const allNotes = [...(inv.notes ?? []), ...notes];
  return { ...inv, apiCalls, ...(allNotes.length > 0 ? { notes: allNotes } : {}) };
}

function mappedTypes(rows: readonly CollectorRow<never>[]): string[] {
  return [...new Set(rows.flatMap((r) => {
    const t = configTypeFor(r);
    return t ? [t.resourceType, ...(t.related ? [t.related] : [])] : [];
  }))].sort();
}

/**
 * One account through its own configuration recorders: a paged SelectResourceConfig in each region
 * (advanced queries are regional), then the rows Config cannot stand in for, directly. Fits
 * `scanAws`'s `collect`.
 */
export async function collectViaConfig(opts: CollectOptions): Promise<AccountInventory> {
  const rows = opts.rows ?? COLLECTORS;
  const types = mappedTypes(rows);
  const sel = selector(opts);
  const run = opts.run ?? pool(opts.concurrency ?? 8);
  // What Config never stands in for starts at once, beside the Selects, in the same pool of calls.
  const unmapped = rows.filter((r) => !configTypeFor(r));
  const progress = combinedProgress(opts);
  const direct = collectAccount({ ...opts, run, rows: unmapped, ...progress(0) });
  let selected: Selected = { items: [] };
  if (types.length > 0) {
    const expression = selectExpression(types);
    const answers = await Promise.all(opts.regions.map((r) => run(() => sel.select(r, expression), true).then((a) => ({ r, a }))));
    const failed = answers.find(({ a }) => "failed" in a);
    selected = failed ? { failed: `${failed.r}: ${(failed.a as { failed: string }).failed}` } : { items: answers.flatMap(({ a }) => ("items" in a ? a.items : [])) };
  }
  const p = plan(rows, selected, opts.account, opts.regions);
  const fromConfig = collectAccount({ ...opts, run, rows: p.rows.filter((r) => !unmapped.includes(r)), ...progress(1) });
  return merged(combine(await direct, await fromConfig), sel.stats, p.notes);
}

/** One progress line for an account collected in parts (direct rows, Config-served rows). */
function combinedProgress(opts: CollectOptions): (part: number) => Pick<CollectOptions, "onProgress"> {
  const report = opts.onProgress;
  if (!report) return () => ({});
  const parts: ScanProgress[] = [];
  return (part) => ({
    onProgress: (p) => {
      parts[part] = p;
      report(sumProgress(p.account, parts.filter((x) => x !== undefined)));
    },
  });
}

/** Two collections of one account (direct rows, Config-served rows) as one. */
function combine(a: AccountInventory, b: AccountInventory): AccountInventory {
  const notes = [...(a.notes ?? []), ...(b.notes ?? [])];
  const out: AccountInventory = { ...a, resources: [...a.resources, ...b.resources].sort(byAddress), unread: [...a.unread, ...b.unread], stats: addStats(addStats({}, a.stats), b.stats) };
  if (notes.length > 0) out.notes = notes;
  return out;
}

export interface AggregatorOptions extends ClientSettings, Pick<CollectOptions, "clientFor" | "onCall"> {
  /** The configuration aggregator's name. */
  name: string;
  /** The region the aggregator is in (default: us-east-1 when scanned, else the first region scanned). */
  region?: string;
}

/**
 * A whole organization through one configuration aggregator, queried once with the caller's
 * credentials (`settings`); returns the per-account collector for `scanAws`'s `collect`, which runs
 * each account's remaining rows directly with that account's own credentials. The Select calls are
 * counted in the first account's inventory.
 */
export function viaAggregator(settings: AggregatorOptions): (opts: CollectOptions) => Promise<AccountInventory> {
  const sel = selector(settings);
  let query: Promise<Selected> | undefined;
  let counted = false;
  return async (opts) => {
    const rows = opts.rows ?? COLLECTORS;
    const region = settings.region ?? (opts.regions.includes("us-east-1") ? "us-east-1" : opts.regions[0]) ?? "us-east-1";
    query ??= sel.select(region, selectExpression(mappedTypes(rows), opts.regions), settings.name);
    const selected = await query;
    const p = plan(rows, selected, opts.account, opts.regions);
    const inv = await collectAccount({ ...opts, rows: p.rows });
    const stats = counted ? {} : sel.stats;
    counted = true;
    return merged(inv, stats, p.notes);
  };
}
