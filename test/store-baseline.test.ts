import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Finding } from "../src/model/finding.js";
import { newFailures, readBaseline } from "../src/store/baseline.js";

const tmp = mkdtempSync(join(tmpdir(), "cbguard-baseline-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, body: string) => {
  const p = join(tmp, name);
  writeFileSync(p, body);
  return p;
};
const f = (ruleId: string, address: string, verdict: Finding["verdict"], message = "m"): Finding => ({ ruleId, verdict, message, resource: { address, type: "aws_x" } });
const report = (results: Finding[]) => JSON.stringify({ schemaVersion: 1, tool: { name: "cbguard", version: "0" }, results });

describe("--baseline", () => {
  it("keeps only failures the baseline did not have, whatever their message or line", () => {
    const base = readBaseline(write("old.json", report([f("CB-RDS-001", "aws_db_instance.a", "fail", "old words"), f("CB-RDS-002", "aws_db_instance.a", "pass")])));
    const now = [
      f("CB-RDS-001", "aws_db_instance.a", "fail", "new words"),
      f("CB-RDS-002", "aws_db_instance.a", "fail"),
      f("CB-RDS-001", "aws_db_instance.b", "fail"),
      f("CB-RDS-003", "aws_db_instance.a", "pass"),
    ];
    expect(newFailures(now, base).map((x) => `${x.ruleId} ${x.resource.address}`)).toEqual(["CB-RDS-002 aws_db_instance.a", "CB-RDS-001 aws_db_instance.b"]);
  });
  it("refuses what is not a JSON report, naming the file", () => {
    expect(() => readBaseline(write("sarif.json", '{"version":"2.1.0","runs":[]}'))).toThrow(/sarif\.json: not a cbguard JSON report/);
    expect(() => readBaseline(write("broken.json", "{"))).toThrow(/broken\.json: baseline is not valid JSON/);
    expect(() => readBaseline(join(tmp, "absent.json"))).toThrow(/absent\.json: cannot read baseline \(ENOENT\)/);
  });
});
