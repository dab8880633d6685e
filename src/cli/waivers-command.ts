import type { CommandModule } from "yargs";
import { clean, length, truncate } from "../report/terminal.js";
import { createEngine } from "../engine/index.js";
import type { Inventory } from "../model/resource.js";
import { loadPlanFile } from "../sources/plan/index.js";
import {
  daysBetween,
  DEFAULT_WAIVERS_FILE,
  isExpired,
  originLabel,
  resolveWaiversFile,
  targetLabel,
  utcDate,
  waiverUsage,
  type WaiverEntry,
  type WaiverUse,
} from "../waivers/index.js";
import { configFile, inputPath } from "./common-options.js";
import { emit } from "./output.js";
import { waiversFor } from "./scan-run.js";

interface WaiversArgs {
  action: "list";
  waivers?: string;
  plan?: string;
  hcl?: string;
  "var-file"?: string[];
  config?: string;
  format: "text" | "json";
}

/** One waiver as `waivers list --format json` gives it. */
export interface ListedWaiver {
  rule: string;
  /** The glob (waivers file) or the resource the comment is on (inline). */
  resource: string;
  match: "glob" | "resource";
  /** Inline: every resource instance the comment covers. */
  addresses?: string[];
  owner?: string;
  reason: string;
  until: string;
  /** Days from today to `until`: 0 on its last day, negative once expired. */
  daysLeft: number;
  expired: boolean;
  written: { kind: "inline" | "file"; file?: string; line?: number; index?: number };
  /** With a source to scan: what the waiver covers there; `unused` when no fail or unknown. */
  use?: WaiverUse & { unused: boolean };
}

export interface WaiverListing {
  today: string;
  waivers: ListedWaiver[];
}

/** The waivers, soonest to expire first; with findings, what each one covers. Pure. */
export function listWaivers(waivers: readonly WaiverEntry[], today: string, uses?: readonly WaiverUse[]): WaiverListing {
  const listed = waivers.map((w, i): ListedWaiver => {
    const use = uses?.[i];
    return {
      rule: w.rule,
      resource: targetLabel(w.target),
      match: w.target.kind,
      ...(w.target.kind === "resource" && w.target.addresses.length > 1 ? { addresses: [...w.target.addresses] } : {}),
      ...(w.owner !== undefined ? { owner: w.owner } : {}),
      reason: w.reason,
      until: w.until,
      daysLeft: daysBetween(today, w.until),
      expired: isExpired(w.until, today),
      written: { ...w.origin },
      ...(use !== undefined ? { use: { ...use, unused: use.needsAction === 0 } } : {}),
    };
  });
  listed.sort((a, b) => compare(a.until, b.until) || compare(a.rule, b.rule) || compare(a.resource, b.resource));
  return { today, waivers: listed };
}

/** "12 days", "last day", "expired 3 days ago". */
export function timeLeft(daysLeft: number): string {
  if (daysLeft === 0) return "last day";
  const n = Math.abs(daysLeft);
  const days = n === 1 ? "1 day" : `${n} days`;
  return daysLeft > 0 ? days : `expired ${days} ago`;
}

const MAX_RESOURCE = 60;

/** A table for the terminal, then one summary line. */
export function renderWaiverList(listing: WaiverListing, looked: string): string {
  const { waivers } = listing;
  if (waivers.length === 0) return `No waivers found (${looked}).\n`;
  const scanned = waivers.some((w) => w.use !== undefined);
  const header = ["RULE", "RESOURCE", "OWNER", "UNTIL", "LEFT", ...(scanned ? ["USE"] : []), "WRITTEN AT", "REASON"];
  const rows = waivers.map((w) => [
    w.rule,
    truncate(w.resource, MAX_RESOURCE),
    w.owner ?? "-",
    w.until,
    timeLeft(w.daysLeft),
    ...(scanned ? [useLabel(w.use)] : []),
    originLabel(w.written),
    w.reason,
  ].map(clean));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => length(r[i]!))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c + " ".repeat(widths[i]! - length(c)))).join("  ").trimEnd();

  const expired = waivers.filter((w) => w.expired).length;
  const unused = waivers.filter((w) => w.use?.unused === true).length;
  const counts = [`${waivers.length - expired} in force`, `${expired} expired`, ...(scanned ? [`${unused} unused`] : [])];
  return [line(header), ...rows.map(line), "", `${waivers.length === 1 ? "1 waiver" : `${waivers.length} waivers`}: ${counts.join(", ")} (today is ${listing.today}, UTC)`].join("\n") + "\n";
}

function useLabel(use: ListedWaiver["use"]): string {
  if (use === undefined) return "-";
  if (use.needsAction > 0) return use.needsAction === 1 ? "1 result" : `${use.needsAction} results`;
  return use.other > 0 ? "unused (passes)" : "unused";
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The source whose inline comments to read and whose results to check the waivers against. */
async function sourceFor(args: WaiversArgs): Promise<Inventory | undefined> {
  if (args.plan !== undefined) return loadPlanFile(inputPath(args.plan));
  if (args.hcl !== undefined) {
    // Loaded here so that other commands never load the HCL parsers.
    const { loadHclDir } = await import("../sources/hcl/index.js");
    return loadHclDir(args.hcl, { variables: (args["var-file"] ?? []).map((file) => ({ file })) });
  }
  return undefined;
}

export const waiversCommand: CommandModule<object, WaiversArgs> = {
  command: "waivers <action>",
  describe: "List the waivers in force and expired: owner, days left, where each is written",
  builder: (y) => y
    .positional("action", { choices: ["list"] as const, demandOption: true })
    .option("waivers", { type: "string", description: `Waivers file (default: ${DEFAULT_WAIVERS_FILE} in the current directory, if present)` })
    .option("plan", { type: "string", conflicts: "hcl", description: "Also scan this plan, to show which waivers cover nothing (unused)" })
    .option("hcl", { type: "string", description: "Also read this directory of .tf files: its inline cbguard:waive comments, and which waivers are unused" })
    .option("var-file", { type: "string", array: true, implies: "hcl", description: "Variables file for --hcl (repeatable)" })
    .option("config", { alias: "c", type: "string", description: "Config file (default: nearest .cbguard.yaml upward)" })
    .option("format", { alias: "f", choices: ["text", "json"] as const, default: "text" as const })
    .example("$0 waivers list", `The waivers in ${DEFAULT_WAIVERS_FILE}`)
    .example("$0 waivers list --hcl terraform/", "Inline waivers in the .tf files and the waivers file, with which are unused")
    .example("$0 waivers list --waivers ops/waivers.yaml --plan tfplan.json", "With the plan's results: which waivers are unused") as never,
  handler: async (args) => {
    const engine = createEngine({ configFile: configFile(args.config) });
    const inventory = await sourceFor(args);
    const waivers = waiversFor(engine, inventory, args.waivers);
    const today = utcDate();
    const uses = inventory !== undefined ? waiverUsage(engine.scan(inventory).findings, waivers) : undefined;
    const listing = listWaivers(waivers, today, uses);
    if (args.format === "json") {
      emit(JSON.stringify(listing, null, 2), undefined);
      return;
    }
    const file = resolveWaiversFile(args.waivers, process.cwd());
    const looked = [file !== undefined ? `read ${file}` : `no --waivers and no ${DEFAULT_WAIVERS_FILE} here`, ...(args.hcl !== undefined ? [`no cbguard:waive comments in ${args.hcl}`] : [])];
    emit(renderWaiverList(listing, looked.join(", ")), undefined);
  },
};
