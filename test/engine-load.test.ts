import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findConfig, readConfig } from "../src/engine/config.js";
import { createEngine } from "../src/engine/index.js";
import { BUNDLED_RULES_DIR, loadRuleSet } from "../src/engine/load.js";
import { InputError } from "../src/model/errors.js";
import { resolveParams } from "../src/engine/config.js";

const temps: string[] = [];
afterEach(() => { for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true }); });

/** A copy of the bundled rules with one file written over, to break it on purpose. */
function rulesWith(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "cbguard-rules-"));
  temps.push(dir);
  cpSync(BUNDLED_RULES_DIR, dir, { recursive: true });
  writeFileSync(join(dir, name), text);
  return dir;
}

const GOOD = `id: CB-TST-001
title: A test rule here
description: Only for the loader test.
severity: low
guideSection: Testing
runbook: docs/runbooks/CB-TST-001.md
resourceTypes: [aws_s3_bucket]
assert: { attr: bucket, exists: true }
`;

describe("bundled rules", () => {
  const set = loadRuleSet();
  it("covers every requirement a plan can show, each once, each with a runbook", () => {
    const ids = set.rules.map((r) => r.id).sort();
    expect(ids).toHaveLength(47);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of set.rules) expect(r.runbook).toBe(`docs/runbooks/${r.id}.md`);
  });
  it("every function a rule calls exists", () => {
    expect(() => createEngine()).not.toThrow();
  });
});

describe("a bad rule file is an error naming file and field", () => {
  it.each([
    ["severity: low", "severity: urgent", /CB-TST-001\.yaml: field severity must be one of critical, high, medium, low/],
    ["assert: { attr: bucket, exists: true }", "assert: { attr: bucket, exits: true }", /CB-TST-001\.yaml: field assert has unknown key "exits"/],
    ["title: A test rule here\n", "", /CB-TST-001\.yaml: the rule must have required property 'title'/],
    ["assert: { attr: bucket, exists: true }", "assert: { attr: bucket, gte: { param: nope } }", /uses parameter nope, which rules\/params.yaml does not define/],
    ["assert: { attr: bucket, exists: true }", "assert: { attr: bucket, exists: true", /CB-TST-001\.yaml: not valid YAML/],
  ])("%s → %s", (from, to, message) => {
    const dir = rulesWith("CB-TST-001.yaml", GOOD.replace(from, to));
    expect(() => loadRuleSet(dir, "rules")).toThrow(InputError);
    expect(() => loadRuleSet(dir, "rules")).toThrow(message);
  });
  it("a duplicate id names both files", () => {
    const dir = rulesWith("CB-TST-001.yaml", GOOD.replace("CB-TST-001", "CB-RDS-001"));
    expect(() => loadRuleSet(dir, "rules")).toThrow(/CB-TST-001.yaml: rule id CB-RDS-001 is also used by rules\/CB-RDS-001.yaml/);
  });
  it("a good extra rule loads", () => {
    expect(loadRuleSet(rulesWith("CB-TST-001.yaml", GOOD)).rules.map((r) => r.id)).toContain("CB-TST-001");
  });
  it("an unknown check function is refused at start", () => {
    const dir = rulesWith("CB-TST-001.yaml", GOOD.replace("assert: { attr: bucket, exists: true }", "assert: { fn: nothingLikeThis }"));
    expect(() => createEngine({ rulesDir: dir })).toThrow(/no check function named nothingLikeThis/);
  });
});

describe("config", () => {
  const specs = loadRuleSet().params;
  function configIn(text: string): string {
    const dir = mkdtempSync(join(tmpdir(), "cbguard-cfg-"));
    temps.push(dir);
    writeFileSync(join(dir, ".cbguard.yaml"), text);
    mkdirSync(join(dir, "a", "b"), { recursive: true });
    return dir;
  }
  it("is found upward and overrides guide defaults", () => {
    const dir = configIn("params:\n  backup_retention_days: 35\n");
    const file = findConfig(join(dir, "a", "b"));
    expect(file).toBe(join(dir, ".cbguard.yaml"));
    const params = resolveParams(specs, readConfig(file));
    expect(params.backup_retention_days).toBe(35);
    expect(params.replica_region).toBe("us-west-2");
  });
  it("refuses an unknown parameter or a wrong type, naming the file", () => {
    const a = configIn("params:\n  backup_days: 35\n");
    expect(() => resolveParams(specs, readConfig(join(a, ".cbguard.yaml")))).toThrow(/\.cbguard\.yaml: unknown parameter "backup_days"/);
    const b = configIn("params:\n  backup_retention_days: thirty\n");
    expect(() => resolveParams(specs, readConfig(join(b, ".cbguard.yaml")))).toThrow(/must be a number, got a string/);
    const c = configIn("parms: {}\n");
    expect(() => readConfig(join(c, ".cbguard.yaml"))).toThrow(/unknown key "parms"/);
  });
});
