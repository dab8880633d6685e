import { describe, expect, it } from "vitest";
import { InputError } from "../src/model/errors.js";
import { daysBetween, globToRegExp, isCalendarDate, parseWaiverComment } from "../src/waivers/index.js";

const RULES = ["CB-RDS-001", "CB-RDS-002", "CB-S3-001"];
const AT = { file: "modules/database/main.tf", startLine: 12 };
const parse = (text: string) => parseWaiverComment(text, AT, RULES);

describe("inline waiver comments", () => {
  it("reads the rule, a quoted reason, the date and an owner", () => {
    expect(parse(`CB-RDS-001 reason="Migrating to Multi-AZ in Q1" until=2027-01-31 owner=team-db`)).toEqual({
      rule: "CB-RDS-001",
      reason: "Migrating to Multi-AZ in Q1",
      until: "2027-01-31",
      owner: "team-db",
    });
  });

  it("owner is optional, keys come in any order, a one-word reason needs no quotes", () => {
    expect(parse(` CB-RDS-002   until=2027-01-31 reason=temporary `)).toEqual({ rule: "CB-RDS-002", reason: "temporary", until: "2027-01-31" });
  });

  it("spells the rule id as the rule set does, and keeps escaped quotes in a reason", () => {
    expect(parse(`cb-s3-001 reason="the \\"files\\" bucket, see \\\\share" until=2028-02-29`)).toEqual({
      rule: "CB-S3-001",
      reason: `the "files" bucket, see \\share`,
      until: "2028-02-29",
    });
  });

  const refused: [string, string, RegExp][] = [
    ["nothing at all", "", /name a rule/],
    ["no rule id first", `reason="x" until=2027-01-31`, /the rule id comes first/],
    ["an unknown rule id", `CB-NOPE-001 reason="x" until=2027-01-31`, /unknown rule id "CB-NOPE-001"/],
    ["no reason", `CB-RDS-001 until=2027-01-31`, /missing reason=/],
    ["an empty reason", `CB-RDS-001 reason="  " until=2027-01-31`, /missing reason=/],
    ["no date", `CB-RDS-001 reason="x"`, /missing until=YYYY-MM-DD/],
    ["a date in another form", `CB-RDS-001 reason="x" until=31/01/2027`, /until=31\/01\/2027 is not a calendar date/],
    ["a date that does not exist", `CB-RDS-001 reason="x" until=2027-02-29`, /until=2027-02-29 is not a calendar date/],
    ["an unknown key", `CB-RDS-001 reason="x" until=2027-01-31 ticket=CB-1`, /unknown key "ticket"/],
    ["a key given twice", `CB-RDS-001 reason="x" reason="y" until=2027-01-31`, /reason is given twice/],
    ["an unquoted reason with spaces", `CB-RDS-001 reason=Migrating to Multi-AZ until=2027-01-31`, /unexpected "to".*quote a value with spaces/],
    ["an unterminated quote", `CB-RDS-001 reason="Migrating until=2027-01-31`, /unterminated quote after reason=/],
    ["text glued to a closing quote", `CB-RDS-001 reason="x"until=2027-01-31`, /space after the closing quote of reason=/],
    ["an empty owner", `CB-RDS-001 reason="x" until=2027-01-31 owner=""`, /owner is empty/],
  ];
  it.each(refused)("refuses %s with one line naming file:line", (_name, text, message) => {
    let error: unknown;
    try {
      parse(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const msg = (error as Error).message;
    expect(msg).toMatch(/^modules\/database\/main\.tf:12: cbguard:waive: /);
    expect(msg).toMatch(message);
    expect(msg).not.toContain("\n");
  });
});

describe("dates", () => {
  it("are real calendar days in YYYY-MM-DD form", () => {
    for (const ok of ["2027-01-31", "2028-02-29", "2000-02-29", "2099-12-31"]) expect(isCalendarDate(ok), ok).toBe(true);
    for (const bad of ["2027-02-29", "1900-02-29", "2027-04-31", "2027-13-01", "2027-00-10", "2027-1-31", "27-01-31", "2027-01-31T00:00:00Z", " 2027-01-31"]) {
      expect(isCalendarDate(bad), bad).toBe(false);
    }
  });
  it("count whole days, across a leap day and a year end", () => {
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2);
    expect(daysBetween("2026-12-31", "2027-01-01")).toBe(1);
    expect(daysBetween("2027-01-31", "2027-01-31")).toBe(0);
    expect(daysBetween("2027-02-10", "2027-01-31")).toBe(-10);
  });
});

describe("resource globs", () => {
  const matches = (pattern: string, text: string) => globToRegExp(pattern).test(text);
  it("* is any run of characters, dots and brackets included", () => {
    expect(matches("module.network.*", "module.network.aws_security_group.db")).toBe(true);
    expect(matches("module.network.*", "module.network.module.inner.aws_vpc.main")).toBe(true);
    expect(matches("*", "plan")).toBe(true);
    expect(matches("*.aws_s3_bucket.files", "module.storage.aws_s3_bucket.files")).toBe(true);
    expect(matches("arn:aws:s3:::classboard-*", "arn:aws:s3:::classboard-files")).toBe(true);
    expect(matches("module.network.*", "module.networking.aws_vpc.main")).toBe(false);
  });
  it("? is exactly one character", () => {
    expect(matches("aws_subnet.public[?]", "aws_subnet.public[1]")).toBe(true);
    expect(matches("aws_subnet.public[?]", "aws_subnet.public[10]")).toBe(false);
  });
  it("everything else is literal, the whole address must match, and case counts", () => {
    expect(matches("aws_subnet.public[0]", "aws_subnet.public[0]")).toBe(true);
    expect(matches("aws_subnet.public[0]", "aws_subnet.public0")).toBe(false);
    expect(matches('job["a.b"]', 'job["a.b"]')).toBe(true);
    expect(matches("a.b", "axb")).toBe(false);
    expect(matches("aws_vpc.main", "module.network.aws_vpc.main")).toBe(false);
    expect(matches("aws_vpc.main", "aws_vpc.main_2")).toBe(false);
    expect(matches("AWS_VPC.main", "aws_vpc.main")).toBe(false);
    expect(matches("(a|b)+$^{1}\\", "(a|b)+$^{1}\\")).toBe(true);
  });
});
