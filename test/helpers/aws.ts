/**
 * A live scan against the local endpoint, end to end: the endpoint serves an account snapshot from
 * fixtures/aws/, the real collectors call it with the real SDK clients, the real rules judge it.
 */
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { createEngine } from "../../src/engine/index.js";
import type { Finding } from "../../src/model/finding.js";
import { collectAccount, type AccountInventory, type CollectOptions } from "../../src/sources/aws/collect.js";
import { loadAccount } from "../aws-endpoint/account.js";
import { startAwsEndpoint, type AwsEndpoint, type Faults } from "../aws-endpoint/server.js";

export const TEST_CREDENTIALS = { accessKeyId: "AKIDTESTENDPOINT0000", secretAccessKey: "test-endpoint-secret-not-a-real-key" };
export const ACCOUNT = "123456789012";
export const REGIONS = ["us-east-1", "us-west-2"];

const engine = createEngine();

export interface LiveScan {
  inv: AccountInventory;
  findings: Finding[];
}

/** Scans what `aws` serves; retries are fast (4 attempts, 5 ms apart) so fault tests stay quick. */
export async function scanEndpoint(aws: AwsEndpoint, extra: Partial<CollectOptions> = {}): Promise<LiveScan> {
  const inv = await collectAccount({
    account: ACCOUNT,
    regions: REGIONS,
    endpoint: aws.url,
    credentials: TEST_CREDENTIALS,
    retryStrategy: new ConfiguredRetryStrategy(4, 5),
    ...extra,
  });
  return { inv, findings: engine.scan(inv).findings };
}

/** Starts an endpoint on `account` (`compliant`, `broken`), scans it, stops it. */
export async function scanAccount(account: string, options: { faults?: Faults; pageSize?: number } & Partial<CollectOptions> = {}): Promise<LiveScan & { calls: AwsEndpoint["calls"] }> {
  const { faults, pageSize = 1, ...extra } = options;
  const aws = await startAwsEndpoint({ account: loadAccount(account), pageSize, ...(faults ? { faults } : {}) });
  try {
    return { ...(await scanEndpoint(aws, extra)), calls: aws.calls };
  } finally {
    await aws.stop();
  }
}

/** `"<rule> <verdict>"` → sorted resource addresses, for the rules asked (not_applicable left out). */
export function verdictsOf(findings: readonly Finding[], rules: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of findings) if (rules.includes(f.ruleId) && f.verdict !== "not_applicable") (out[`${f.ruleId} ${f.verdict}`] ??= []).push(f.resource.address);
  for (const v of Object.values(out)) v.sort();
  return out;
}
