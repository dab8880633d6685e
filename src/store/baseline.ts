import { readFileSync } from "node:fs";
import { InputError } from "../model/errors.js";
import type { Finding } from "../model/finding.js";
import { fingerprint } from "../model/fingerprint.js";

/** What --baseline needs of a JSON report (DESIGN.md): its version and each result's identity. */
interface ReportShape {
  schemaVersion?: unknown;
  results?: { ruleId?: unknown; verdict?: unknown; resource?: { address?: unknown } }[];
}

/** Fingerprints of the failures a previous JSON report recorded (waived or not: they were known). */
export function readBaseline(file: string): Set<string> {
  let doc: ReportShape;
  try {
    doc = JSON.parse(readFileSync(file, "utf8")) as ReportShape;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${file}: ${code ? `cannot read baseline (${code})` : "baseline is not valid JSON"}`, file);
  }
  if (doc?.schemaVersion !== 1 || !Array.isArray(doc.results)) {
    throw new InputError(`${file}: not a cbguard JSON report (schemaVersion 1); make one with --format json`, file);
  }
  const known = new Set<string>();
  for (const r of doc.results) {
    if (r?.verdict === "fail" && typeof r.ruleId === "string" && typeof r.resource?.address === "string") {
      known.add(fingerprint(r.ruleId, r.resource.address));
    }
  }
  return known;
}

/** Only the failures the baseline did not have: what a team adopting cbguard on an old estate fixes first. */
export function newFailures(findings: readonly Finding[], baseline: ReadonlySet<string>): Finding[] {
  return findings.filter((f) => f.verdict === "fail" && !baseline.has(fingerprint(f.ruleId, f.resource.address)));
}
