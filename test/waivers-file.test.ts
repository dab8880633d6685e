import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../src/model/errors.js";
import { DEFAULT_WAIVERS_FILE, loadWaiversFile, parseWaiversFile, resolveWaiversFile } from "../src/waivers/index.js";

const RULES = ["CB-RDS-001", "CB-RDS-002", "CB-S3-001"];
const parse = (text: string) => parseWaiversFile(text, "ops/waivers.yaml", RULES);
const tmp = mkdtempSync(join(tmpdir(), "cbguard-waivers-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("a waivers file", () => {
  it("reads each entry with where it was written", () => {
    const waivers = parse(
      [
        "# accepted risks",
        "waivers:",
        "  - rule: CB-RDS-001",
        "    resource: module.database.aws_db_instance.main",
        "    owner: team-db",
        "    reason: Migrating to Multi-AZ in Q1",
        "    until: 2027-01-31",
        "  - rule: cb-s3-001",
        "    resource: 'arn:aws:s3:::classboard-*'",
        '    reason: "Encryption: handled by the bucket key"',
        '    until: "2027-03-01"',
      ].join("\n"),
    );
    expect(waivers).toEqual([
      {
        rule: "CB-RDS-001",
        target: { kind: "glob", pattern: "module.database.aws_db_instance.main" },
        reason: "Migrating to Multi-AZ in Q1",
        until: "2027-01-31",
        owner: "team-db",
        origin: { kind: "file", file: "ops/waivers.yaml", index: 0, line: 3 },
      },
      {
        rule: "CB-S3-001",
        target: { kind: "glob", pattern: "arn:aws:s3:::classboard-*" },
        reason: "Encryption: handled by the bucket key",
        until: "2027-03-01",
        origin: { kind: "file", file: "ops/waivers.yaml", index: 1, line: 8 },
      },
    ]);
  });

  it("a YAML 1.1 file's timestamp is the same day", () => {
    const [w] = parse("%YAML 1.1\n---\nwaivers:\n  - rule: CB-RDS-001\n    resource: a\n    reason: x\n    until: 2027-01-31\n");
    expect(w!.until).toBe("2027-01-31");
  });

  it("an empty file, an empty key and an empty list hold no waivers", () => {
    expect(parse("")).toEqual([]);
    expect(parse("# nothing yet\n")).toEqual([]);
    expect(parse("waivers:\n")).toEqual([]);
    expect(parse("waivers: []\n")).toEqual([]);
  });

  const entry = (fields: string) => `waivers:\n  - rule: CB-RDS-001\n    resource: aws_db_instance.main\n${fields}`;
  const refused: [string, string, RegExp][] = [
    ["no reason", entry("    until: 2027-01-31\n"), /^ops\/waivers\.yaml:2: waivers\[0\]: missing reason/],
    ["an empty reason", entry("    reason: ''\n    until: 2027-01-31\n"), /^ops\/waivers\.yaml:4: waivers\[0\]: missing reason/],
    ["no date", entry("    reason: x\n"), /^ops\/waivers\.yaml:2: waivers\[0\]: missing until/],
    ["a date that does not exist", entry("    reason: x\n    until: 2027-02-30\n"), /^ops\/waivers\.yaml:5: waivers\[0\]\.until: "2027-02-30" is not a calendar date/],
    ["a date as a number", entry("    reason: x\n    until: 20270131\n"), /:5: waivers\[0\]\.until must be a string, not number/],
    ["an unknown rule", "waivers:\n  - rule: CB-XYZ-001\n    resource: a\n    reason: x\n    until: 2027-01-31\n", /:2: waivers\[0\]\.rule: unknown rule id "CB-XYZ-001"/],
    ["a rule wildcard", "waivers:\n  - rule: '*'\n    resource: a\n    reason: x\n    until: 2027-01-31\n", /waivers\[0\]\.rule: unknown rule id "\*" \(one rule id per waiver/],
    ["no resource", "waivers:\n  - rule: CB-RDS-001\n    reason: x\n    until: 2027-01-31\n", /:2: waivers\[0\]: missing resource \(.*"\*" for every resource\)/],
    ["an unknown key", entry("    reason: x\n    until: 2027-01-31\n    expires: 2027-01-31\n"), /:6: waivers\[0\]: unknown key "expires"/],
    ["an empty owner", entry("    reason: x\n    until: 2027-01-31\n    owner:\n"), /waivers\[0\]\.owner is empty/],
    ["a list where an entry belongs", "waivers:\n  - [CB-RDS-001, a]\n", /:2: waivers\[0\] must be a mapping/],
    ["an unknown top-level key", "waiver:\n  - rule: CB-RDS-001\n", /:1: unknown key "waiver" \(the file holds one key, waivers\)/],
    ["waivers that are not a list", "waivers:\n  rule: CB-RDS-001\n", /:2: waivers must be a list/],
    ["a list at the top", "- rule: CB-RDS-001\n", /:1: a waivers file is a mapping/],
    ["a repeated key", entry("    reason: x\n    reason: y\n    until: 2027-01-31\n"), /:5: not valid YAML: Map keys must be unique/],
    ["broken YAML", "waivers:\n  - rule: [CB-RDS-001\n", /^ops\/waivers\.yaml:\d+: not valid YAML: /],
  ];
  it.each(refused)("refuses %s, naming file:line, the entry and the field", (_name, text, message) => {
    let error: unknown;
    try {
      parse(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });

  it("names the second entry when the first is fine", () => {
    const text = `${entry("    reason: x\n    until: 2027-01-31\n")}  - rule: CB-RDS-002\n    resource: b\n    reason: y\n    until: soon\n`;
    expect(() => parse(text)).toThrow(/^ops\/waivers\.yaml:9: waivers\[1\]\.until: "soon" is not a calendar date/);
  });

  it("a missing file is one line naming it", () => {
    expect(() => loadWaiversFile(join(tmp, "nope.yaml"), RULES)).toThrow(/nope\.yaml: cannot read waivers file \(no such file\)$/);
    expect(() => loadWaiversFile(tmp, RULES)).toThrow(/: cannot read waivers file \(is a directory\)$/);
  });
});

describe("which waivers file", () => {
  it("is --waivers when given, else .cbguard-waivers.yaml in the directory when there, else none", () => {
    const dir = join(tmp, "project");
    mkdirSync(dir);
    expect(resolveWaiversFile(undefined, dir)).toBeUndefined();
    expect(resolveWaiversFile("ops/w.yaml", dir)).toBe("ops/w.yaml");
    writeFileSync(join(dir, DEFAULT_WAIVERS_FILE), "waivers: []\n");
    expect(resolveWaiversFile(undefined, dir)).toBe(DEFAULT_WAIVERS_FILE);
    expect(resolveWaiversFile("other.yaml", dir)).toBe("other.yaml");
  });
});
