import { describe, expect, it } from "vitest";
import { matchesSchedule, parseSchedule } from "../src/engine/functions/schedule-expression.js";

describe("schedule expressions compare by when they fire", () => {
  it.each([
    ["rate(60 minutes)", "rate(1 hour)"],
    ["rate(1 hour)", "rate(1 hour)"],
    ["cron(0 * * * ? *)", "rate(1 hour)"],
    ["cron(15 * * * ? *)", "rate(1 hour)"],
    ["rate(1 hour)", "cron(0 * * * ? *)"],
    ["cron(0 2 * * ? *)", "cron(0 2 * * ? *)"],
    ["cron(0 2 ? * * *)", "cron(0 2 * * ? *)"],
    ["cron(0 2 ? * SUN-SAT *)", "cron(0 2 * * ? *)"],
    ["rate(6 hours)", "rate(360 minutes)"],
    ["cron(0 */6 * * ? *)", "rate(6 hours)"],
    ["cron(0 0,6,12,18 * * ? *)", "rate(6 hours)"],
    ["cron(30 1/6 * * ? *)", "rate(6 hours)"],
    ["cron(0 3 ? * SUN *)", "cron(? ? ? * SUN *)"],
    ["cron(45 23 ? * 1 *)", "cron(? ? ? * SUN *)"],
  ])("%s matches %s", (actual, expected) => {
    expect(matchesSchedule(actual, expected)).toBe(true);
  });

  it.each([
    ["rate(2 hours)", "rate(1 hour)"],
    ["cron(0 */2 * * ? *)", "rate(1 hour)"],
    ["cron(0 3 * * ? *)", "cron(0 2 * * ? *)"],
    ["rate(1 day)", "cron(0 2 * * ? *)"],
    ["rate(12 hours)", "rate(6 hours)"],
    ["cron(0 3 ? * MON *)", "cron(? ? ? * SUN *)"],
    ["cron(0 3,4 ? * SUN *)", "cron(? ? ? * SUN *)"],
    ["cron(0 3 * * ? *)", "cron(? ? ? * SUN *)"],
    ["rate(7 days)", "cron(? ? ? * SUN *)"],
  ])("%s does not match %s", (actual, expected) => {
    expect(matchesSchedule(actual, expected)).toBe(false);
  });

  it("says it cannot tell rather than guess", () => {
    expect(matchesSchedule("cron(0 2 L * ? *)", "cron(0 2 * * ? *)")).toBe(false);
    expect(matchesSchedule("at(2026-01-01T00:00:00)", "rate(1 hour)")).toBeUndefined();
    expect(parseSchedule("cron(0 2 * *)")).toBeUndefined();
  });
});
