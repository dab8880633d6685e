/**
 * Evidence of a live scan: every API answer the collectors received, one file an account, and a
 * manifest of their SHA-256 hashes, so a verdict can be shown to an auditor and re-judged offline
 * (`--from-evidence`) with the rules of the day. Replay answers each call from the recording, so
 * the same collectors build the same resources without touching AWS.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../model/errors.js";
import type { SdkClient } from "./clients.js";
import type { RecordedCall } from "./collect.js";

export const MANIFEST = "manifest.json";
const FORMAT = "cbguard-evidence/v1";

export interface EvidenceManifest {
  format: typeof FORMAT;
  tool: string;
  startedAt: string;
  regions: string[];
  via: "direct" | "config";
  /** A Config aggregator's name, when the scan read the organization through one (its query is the `aggregator` file). */
  aggregator?: string;
  /** Per account: its file and that file's SHA-256. */
  accounts: { account: string; file: string; sha256: string; calls: number }[];
}

interface AccountEvidence {
  account: string;
  calls: RecordedCall[];
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Collects the calls of one scan; `write` puts them in `dir`. */
export class EvidenceRecorder {
  private readonly byAccount = new Map<string, AccountEvidence>();

  /** The `onCall` hook for one account's collectors. */
  for(account: string): (call: RecordedCall) => void {
    const entry: AccountEvidence = { account, calls: [] };
    this.byAccount.set(account, entry);
    return (call) => entry.calls.push(call);
  }

  write(dir: string, meta: Omit<EvidenceManifest, "format" | "accounts">): EvidenceManifest {
    try {
      mkdirSync(dir, { recursive: true });
      const accounts = [...this.byAccount.values()].sort((a, b) => (a.account < b.account ? -1 : 1)).map((e) => {
        const file = `${e.account}.json`;
        const text = `${JSON.stringify(e, keepDates, 1)}\n`;
        writeFileSync(join(dir, file), text);
        return { account: e.account, file, sha256: sha256(text), calls: e.calls.length };
      });
      const manifest: EvidenceManifest = { format: FORMAT, ...meta, accounts };
      writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
      return manifest;
    } catch (e) {
      throw new InputError(`--evidence ${dir}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
  }
}

/** Reads a manifest and proves every file is what it hashed, or says which is not. */
export function readEvidence(dir: string): { manifest: EvidenceManifest; accounts: Map<string, AccountEvidence> } {
  const read = (file: string): string => {
    try {
      return readFileSync(join(dir, file), "utf8");
    } catch (e) {
      throw new InputError(`--from-evidence ${dir}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? "error"})`);
    }
  };
  let manifest: EvidenceManifest;
  try {
    manifest = JSON.parse(read(MANIFEST)) as EvidenceManifest;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`--from-evidence ${dir}: ${MANIFEST} is not JSON`);
  }
  if (manifest.format !== FORMAT || !Array.isArray(manifest.accounts)) throw new InputError(`--from-evidence ${dir}: not a cbguard evidence folder (format ${String(manifest.format)})`);
  const accounts = new Map<string, AccountEvidence>();
  for (const a of manifest.accounts) {
    const text = read(a.file);
    if (sha256(text) !== a.sha256) throw new InputError(`--from-evidence ${dir}: ${a.file} does not match its hash in ${MANIFEST}: the evidence was changed`);
    accounts.set(a.account, JSON.parse(text, reviveDates) as AccountEvidence);
  }
  return { manifest, accounts };
}

/**
 * The SDK parses timestamps into Dates, and collectors use them as Dates: the evidence marks them
 * (`{"$date": "…"}`) so a replay hands the collectors what the SDK did.
 */
function keepDates(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  return original instanceof Date ? { $date: original.toISOString() } : value;
}

function reviveDates(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const d = (value as { $date?: unknown }).$date;
    if (keys.length === 1 && typeof d === "string") return new Date(d);
  }
  return value;
}

/** Canonical JSON (sorted keys), so an input recorded and an input replayed compare equal. */
function canonical(v: unknown): string {
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v !== null && typeof v === "object") {
    return `{${Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

const callKey = (client: string, region: string, operation: string, input: unknown) => `${client}|${region}|${operation}|${canonical(input)}`;

/** Clients that answer from one account's recording; a call that was not recorded fails as AWS would not. */
export function replayClients(evidence: AccountEvidence): (clientPackage: string, clientClass: string, region: string) => Promise<SdkClient> {
  const answers = new Map<string, RecordedCall>();
  for (const c of evidence.calls) answers.set(callKey(c.client, c.region, c.operation, c.input), c);
  return (clientPackage, _clientClass, region) => Promise.resolve({
    send: (command: { input: unknown }) => {
      const operation = command.constructor.name.replace(/Command$/, "");
      const recorded = answers.get(callKey(clientPackage, region, operation, command.input));
      if (!recorded) return Promise.reject(Object.assign(new Error(`${operation} in ${region} is not in the evidence`), { name: "NotInEvidence" }));
      if (recorded.error) return Promise.reject(Object.assign(new Error(recorded.error.message), { name: recorded.error.name }));
      return Promise.resolve(recorded.output as never);
    },
  });
}
