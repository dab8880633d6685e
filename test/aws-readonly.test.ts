import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { requiredActions } from "../src/sources/aws/collect.js";
import { COLLECTORS } from "../src/sources/aws/rows.js";
import { OPERATIONS } from "./aws-endpoint/services/index.js";
import { isReadOnlyAction, scanPolicy } from "../src/sources/aws/permissions.js";
import { ROOT } from "./helpers/cli.js";

/** Every SDK command the live source can send, read from its source files. */
function commandsInSource(): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith(".ts")) for (const m of readFileSync(path, "utf8").matchAll(/\b([A-Z][A-Za-z0-9]+)Command\b/g)) found.set(m[1]!, path);
    }
  };
  walk(join(ROOT, "src/sources/aws"));
  return found;
}

describe("the live scan is read-only", () => {
  it("the source names no SDK command but reads (and STS for its own identity)", () => {
    const commands = commandsInSource();
    expect(commands.size).toBeGreaterThan(5);
    for (const [name, file] of commands) expect(/^(Describe|List|Get|Select)/.test(name), `${name}Command in ${file}`).toBe(true);
  });

  it("the IAM policy read off the table holds read actions only", () => {
    for (const a of requiredActions()) expect(isReadOnlyAction(a), a).toBe(true);
    const all = scanPolicy({ config: true, aggregator: true, allRegions: true }).Statement.flatMap((s) => s.Action);
    for (const a of all) expect(isReadOnlyAction(a), a).toBe(true);
  });

  it("every call of the table names the IAM action the endpoint, written from the API reference, requires", () => {
    const calls = COLLECTORS.flatMap((r) => [
      { op: r.operation, action: r.iamAction },
      ...(r.regionOf ? [{ op: r.regionOf.operation, action: r.regionOf.iamAction }] : []),
      ...Object.values(r.details ?? {}).map((d) => ({ op: d.operation, action: d.iamAction })),
    ]);
    expect(calls.length).toBeGreaterThan(50);
    const wrong = calls.filter(({ op, action }) => {
      const served = OPERATIONS.filter((o) => o.action === op && o.iamAction.split(":")[0] === action.split(":")[0]);
      return served.length === 0 || !served.some((o) => o.iamAction === action);
    });
    expect(wrong).toEqual([]);
  });

  it("the read-only test itself tells a write from a read", () => {
    expect(isReadOnlyAction("s3:PutBucketPolicy")).toBe(false);
    expect(isReadOnlyAction("rds:ModifyDBInstance")).toBe(false);
    expect(isReadOnlyAction("s3:GetBucketPolicy")).toBe(true);
  });
});
