import { createHash } from "node:crypto";

/** Key of the SARIF partialFingerprints entry; bump the suffix only if the recipe changes. */
export const FINGERPRINT_KEY = "cbguard/v1";

/**
 * A finding's identity across runs: rule and resource address only, so it survives edits that
 * move lines or reword messages. SARIF and --baseline both match results by it.
 */
export function fingerprint(ruleId: string, address: string): string {
  return createHash("sha256").update(`${ruleId}\u0000${address}`).digest("hex");
}
