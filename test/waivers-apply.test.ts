import { describe, expect, it } from "vitest";
import type { Finding, Verdict } from "../src/model/finding.js";
import type { Resource, WaiverComment } from "../src/model/resource.js";
import { InputError } from "../src/model/errors.js";
import { applyWaivers, collectInlineWaivers, collectWaivers, waiverUsage, type WaiverEntry } from "../src/waivers/index.js";

const RULES = ["CB-RDS-001", "CB-RDS-002", "CB-S3-001"];
const TODAY = "2027-01-15";

function finding(ruleId: string, address: string, verdict: Verdict = "fail", arn?: string): Finding {
  return {
    ruleId,
    verdict,
    resource: { address, type: address.split(".").at(-2) ?? "aws_x", ...(arn !== undefined ? { location: { arn } } : {}) },
    message: "multi_az is false; must be true",
  };
}

function glob(rule: string, pattern: string, until = "2027-12-31", extra: Partial<WaiverEntry> = {}): WaiverEntry {
  return { rule, target: { kind: "glob", pattern }, reason: `waive ${rule}`, until, origin: { kind: "file", file: "w.yaml", line: 1, index: 0 }, ...extra };
}

function resource(address: string, comments: WaiverComment[] = [], baseAddress = address): Resource {
  return {
    address,
    baseAddress,
    type: "aws_db_instance",
    modulePath: "",
    values: {},
    unknown: new Set(),
    sensitive: new Set(),
    expressions: {},
    waiverComments: comments,
    source: "hcl",
  };
}

describe("applyWaivers", () => {
  it("marks a matching failure waived with reason, date and owner, and leaves the rest", () => {
    const findings = [finding("CB-RDS-001", "module.db.aws_db_instance.main"), finding("CB-RDS-002", "module.db.aws_db_instance.main")];
    const out = applyWaivers(findings, [glob("CB-RDS-001", "module.db.*", "2027-12-31", { owner: "team-db" })], TODAY);
    expect(out[0]!.waiver).toEqual({ reason: "waive CB-RDS-001", until: "2027-12-31", owner: "team-db", expired: false });
    expect(out[1]!.waiver).toBeUndefined();
  });

  it("is pure: the findings passed in are not changed", () => {
    const findings = [finding("CB-RDS-001", "aws_db_instance.main")];
    const out = applyWaivers(findings, [glob("CB-RDS-001", "*")], TODAY);
    expect(findings[0]!.waiver).toBeUndefined();
    expect(out[0]).not.toBe(findings[0]);
    expect(out[0]!.waiver).toBeDefined();
  });

  it("needs the same rule and a glob that matches the whole address", () => {
    const f = [finding("CB-RDS-001", "module.db.aws_db_instance.main")];
    expect(applyWaivers(f, [glob("CB-RDS-002", "*")], TODAY)[0]!.waiver).toBeUndefined();
    expect(applyWaivers(f, [glob("CB-RDS-001", "aws_db_instance.main")], TODAY)[0]!.waiver).toBeUndefined();
    expect(applyWaivers(f, [glob("CB-RDS-001", "module.db.aws_db_instance.mai?")], TODAY)[0]!.waiver).toBeDefined();
  });

  it("matches a live resource by its ARN as well as its address", () => {
    const arn = "arn:aws:rds:us-east-1:123456789012:db:classboard";
    const f = [finding("CB-RDS-001", "classboard-db", "fail", arn)];
    expect(applyWaivers(f, [glob("CB-RDS-001", "arn:aws:rds:*:db:classboard")], TODAY)[0]!.waiver?.expired).toBe(false);
  });

  it("a waiver holds through its until day, and has expired the day after", () => {
    const f = [finding("CB-RDS-001", "aws_db_instance.main")];
    expect(applyWaivers(f, [glob("CB-RDS-001", "*", "2027-01-16")], TODAY)[0]!.waiver?.expired).toBe(false);
    expect(applyWaivers(f, [glob("CB-RDS-001", "*", TODAY)], TODAY)[0]!.waiver?.expired).toBe(false);
    expect(applyWaivers(f, [glob("CB-RDS-001", "*", "2027-01-14")], TODAY)[0]!.waiver).toEqual({
      reason: "waive CB-RDS-001",
      until: "2027-01-14",
      expired: true,
    });
  });

  it("waives unknowns too, and leaves passes and not-applicable results without a waiver", () => {
    const f = [finding("CB-RDS-001", "a", "unknown"), finding("CB-RDS-001", "b", "pass"), finding("CB-RDS-001", "c", "not_applicable")];
    const out = applyWaivers(f, [glob("CB-RDS-001", "*")], TODAY);
    expect(out.map((x) => x.waiver !== undefined)).toEqual([true, false, false]);
  });

  it("prefers a waiver in force over an expired one, then the later date, then the first written", () => {
    const f = [finding("CB-RDS-001", "a")];
    const expired = glob("CB-RDS-001", "*", "2026-12-31", { reason: "old" });
    const soon = glob("CB-RDS-001", "a", "2027-02-01", { reason: "soon" });
    const later = glob("CB-RDS-001", "?", "2027-06-01", { reason: "later" });
    const laterToo = glob("CB-RDS-001", "a", "2027-06-01", { reason: "later, second" });
    expect(applyWaivers(f, [expired, soon], TODAY)[0]!.waiver?.reason).toBe("soon");
    expect(applyWaivers(f, [soon, expired, later], TODAY)[0]!.waiver?.reason).toBe("later");
    expect(applyWaivers(f, [later, laterToo], TODAY)[0]!.waiver?.reason).toBe("later");
    expect(applyWaivers(f, [expired, glob("CB-RDS-001", "a", "2026-06-01", { reason: "older" })], TODAY)[0]!.waiver).toMatchObject({ reason: "old", expired: true });
  });
});

describe("inline waivers", () => {
  const at = (line: number): WaiverComment["location"] => ({ file: "modules/db/main.tf", startLine: line });
  const comment = `CB-RDS-001 reason="Multi-AZ in Q1" until=2027-01-31 owner=team-db`;

  it("cover the resource they are written on, by address, and nothing else", () => {
    const inventory = [resource("module.db.aws_db_instance.main", [{ text: comment, location: at(3) }]), resource("module.db.aws_db_instance.other")];
    const waivers = collectInlineWaivers(inventory, RULES);
    expect(waivers).toEqual([
      {
        rule: "CB-RDS-001",
        reason: "Multi-AZ in Q1",
        until: "2027-01-31",
        owner: "team-db",
        target: { kind: "resource", addresses: ["module.db.aws_db_instance.main"], label: "module.db.aws_db_instance.main" },
        origin: { kind: "inline", file: "modules/db/main.tf", line: 3 },
      },
    ]);
    const out = applyWaivers([finding("CB-RDS-001", "module.db.aws_db_instance.main"), finding("CB-RDS-001", "module.db.aws_db_instance.other")], waivers, TODAY);
    expect(out.map((x) => x.waiver?.owner)).toEqual(["team-db", undefined]);
  });

  it("one comment on a resource with instances is one waiver covering each instance", () => {
    const c = { text: comment, location: at(7) };
    const inventory = [resource("aws_db_instance.r[0]", [c], "aws_db_instance.r"), resource("aws_db_instance.r[1]", [c], "aws_db_instance.r")];
    const [w, ...rest] = collectInlineWaivers(inventory, RULES);
    expect(rest).toEqual([]);
    expect(w!.target).toEqual({ kind: "resource", addresses: ["aws_db_instance.r[0]", "aws_db_instance.r[1]"], label: "aws_db_instance.r (2 instances)" });
    expect(applyWaivers([finding("CB-RDS-001", "aws_db_instance.r[1]")], [w!], TODAY)[0]!.waiver).toBeDefined();
  });

  it("a bad comment is refused with its file and line", () => {
    const inventory = [resource("aws_db_instance.main", [{ text: `CB-RDS-001 until=2027-01-31`, location: at(9) }])];
    expect(() => collectInlineWaivers(inventory, RULES)).toThrow(InputError);
    expect(() => collectInlineWaivers(inventory, RULES)).toThrow(/^modules\/db\/main\.tf:9: cbguard:waive: missing reason/);
  });

  it("come before the waivers file's, so a tie goes to the comment on the resource", () => {
    const inventory = { kind: "hcl" as const, inputs: ["."], scopes: [], resources: [resource("aws_db_instance.main", [{ text: comment, location: at(1) }])] };
    const waivers = collectWaivers({ inventory, ruleIds: RULES });
    expect(waivers.map((w) => w.origin.kind)).toEqual(["inline"]);
    const file = glob("CB-RDS-001", "*", "2027-01-31", { reason: "from the file" });
    expect(applyWaivers([finding("CB-RDS-001", "aws_db_instance.main")], [...waivers, file], TODAY)[0]!.waiver?.reason).toBe("Multi-AZ in Q1");
  });
});

describe("waiverUsage", () => {
  it("counts the failures and unknowns each waiver covers, and what else it matched", () => {
    const findings = [finding("CB-RDS-001", "a"), finding("CB-RDS-001", "b", "unknown"), finding("CB-S3-001", "s", "pass")];
    const uses = waiverUsage(findings, [glob("CB-RDS-001", "*"), glob("CB-S3-001", "s"), glob("CB-RDS-002", "*")]);
    expect(uses).toEqual([
      { needsAction: 2, other: 0 },
      { needsAction: 0, other: 1 },
      { needsAction: 0, other: 0 },
    ]);
  });
});
