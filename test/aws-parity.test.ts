import { beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../src/engine/index.js";
import type { Finding } from "../src/model/finding.js";
import type { Inventory, Resource } from "../src/model/resource.js";
import { COLLECTORS } from "../src/sources/aws/rows.js";
import { loadPlanFile } from "../src/sources/plan/index.js";
import { scanAccount, type LiveScan } from "./helpers/aws.js";
import { ROOT } from "./helpers/cli.js";

/**
 * The compliant account is the one terraform/environments/production describes, so each resource
 * can be found in both the plan and the account by its name; judged from either, a (rule, resource)
 * pair must get the same verdict, and the attributes the rules read must hold the same values.
 */
const engine = createEngine({ configFile: undefined });
const NAME_ATTRS = ["identifier", "cluster_identifier", "function_name", "alarm_name", "dashboard_name", "bucket", "name"];

/** `type name`, or undefined for a resource with no stable name (a key, a route table). */
function naturalKey(r: Resource): string | undefined {
  for (const a of NAME_ATTRS) {
    const v = r.values[a];
    if (typeof v === "string" && v !== "" && !r.unknown.has(a)) return `${r.type} ${v}`;
  }
  return undefined;
}

/** (rule, natural key) → verdict, for resources that have a key and a region (or are global) in the primary region. */
function byKey(inv: Inventory, findings: readonly Finding[]): Map<string, string> {
  const keys = new Map<string, string>();
  for (const r of inv.resources) {
    if (r.region !== undefined && r.region !== "us-east-1") continue;
    const k = naturalKey(r);
    if (k !== undefined) keys.set(r.address, k);
  }
  const out = new Map<string, string>();
  for (const f of findings) {
    const k = keys.get(f.resource.address);
    if (k !== undefined) out.set(`${f.ruleId} ${k}`, f.verdict);
  }
  return out;
}

describe("a plan and the account it made judge alike", () => {
  let plan: Map<string, string>;
  let account: Map<string, string>;
  let liveScan: LiveScan;
  beforeAll(async () => {
    const inv = await loadPlanFile(`${ROOT}fixtures/plans/classboard-compliant.json`);
    plan = byKey(inv, engine.scan(inv).findings);
    liveScan = await scanAccount("compliant", { regions: ["us-east-1", "us-west-2"] });
    account = byKey(liveScan.inv, liveScan.findings);
  }, 60_000);

  it("the same verdict for every (rule, resource) found in both", () => {
    const shared = [...plan.keys()].filter((k) => account.has(k)).sort();
    const differ = shared.filter((k) => plan.get(k) !== account.get(k)).map((k) => `${k}: plan ${plan.get(k)}, account ${account.get(k)}`);
    expect(differ).toEqual([]);
    // Enough of the estate is matched for the comparison to mean something: most rules, by name.
    const rules = new Set(shared.map((k) => k.split(" ")[0]));
    expect(shared.length).toBeGreaterThan(60);
    expect(rules.size).toBeGreaterThanOrEqual(25);
  });

  it("every named resource of the plan, of a type the collectors read, is in the account", () => {
    const collected = new Set(COLLECTORS.flatMap((r) => r.types));
    const planKeys = new Set([...plan.keys()].map((k) => k.slice(k.indexOf(" ") + 1)).filter((k) => collected.has(k.split(" ")[0]!)));
    const liveKeys = new Set([...account.keys()].map((k) => k.slice(k.indexOf(" ") + 1)));
    const missing = [...planKeys].filter((k) => !liveKeys.has(k)).sort();
    expect(missing).toEqual([]);
  });
});
