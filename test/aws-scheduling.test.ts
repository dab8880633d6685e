import { describe, expect, it } from "vitest";
import { collectAccount } from "../src/sources/aws/collect.js";
import { SERVICE_LIMITS } from "../src/sources/aws/limits.js";
import { liveResource, type CollectorRow } from "../src/sources/aws/table.js";

/** A list row over a fake client: `pages` answers in turn, the last one forever. */
function row(pages: { items: string[]; next?: string }[]): CollectorRow<never> {
  let i = 0;
  const r: CollectorRow<string> = {
    service: "test",
    clientPackage: "test-client",
    clientClass: "TestClient",
    operation: "ListThings",
    iamAction: "test:ListThings",
    types: ["aws_test_thing"],
    paging: { input: "NextToken", output: "NextToken" },
    list: () => Promise.resolve(pages[Math.min(i++, pages.length - 1)]!),
    map: (name, _d, ctx) => [liveResource("aws_test_thing", `arn:test:${name}`, { name }, ctx, "test:ListThings")],
  };
  return r as unknown as CollectorRow<never>;
}

const scan = (r: CollectorRow<never>) => collectAccount({
  account: "123456789012",
  regions: ["us-east-1"],
  rows: [r],
  clientFor: () => Promise.resolve({ send: () => Promise.reject(new Error("not called")) }),
});

describe("paging", () => {
  it("follows tokens to the last page", async () => {
    const inv = await scan(row([{ items: ["a"], next: "t1" }, { items: ["b"], next: "t2" }, { items: ["c"] }]));
    expect(inv.resources.map((r) => r.values.name)).toEqual(["a", "b", "c"]);
    expect(inv.unread).toEqual([]);
  });

  it("a service repeating a token: the listing is not read (not an endless loop, not a complete list)", async () => {
    const inv = await scan(row([{ items: ["a"], next: "t1" }, { items: ["b"], next: "t1" }]));
    expect(inv.resources).toEqual([]);
    expect(inv.unread).toMatchObject([{ region: "us-east-1", action: "test:ListThings", types: ["aws_test_thing"], reason: expect.stringContaining("RepeatedPagingToken") }]);
  });
});

/** A row of `service` listing `n` items, each with a detail call that records how many run at once. */
function busyRow(service: string, n: number, seen: { now: number; max: number }): CollectorRow<never> {
  const r: CollectorRow<number> = {
    service,
    clientPackage: "test-client",
    clientClass: "TestClient",
    operation: "ListThings",
    iamAction: `${service}:ListThings`,
    types: ["aws_test_thing"],
    list: () => Promise.resolve({ items: Array.from({ length: n }, (_, i) => i) }),
    details: {
      thing: {
        operation: "GetThing",
        iamAction: `${service}:GetThing`,
        notConfigured: {},
        async call() {
          seen.now++;
          seen.max = Math.max(seen.max, seen.now);
          await new Promise((resolve) => setTimeout(resolve, 5));
          seen.now--;
          return {};
        },
      },
    },
    map: (i, _d, ctx) => [liveResource("aws_test_thing", `arn:test:${service}:${i}`, {}, ctx, `${service}:GetThing`)],
  };
  return r as unknown as CollectorRow<never>;
}

describe("calls in flight", () => {
  const scanBusy = (service: string) => {
    const seen = { now: 0, max: 0 };
    return collectAccount({
      account: "123456789012",
      regions: ["us-east-1", "us-west-2"],
      concurrency: 16,
      rows: [busyRow(service, 40, seen)],
      clientFor: () => Promise.resolve({ send: () => Promise.reject(new Error("not called")) }),
    }).then((inv) => ({ inv, max: seen.max }));
  };

  it("a service with a small API quota (IAM) keeps to its own limit, across regions", async () => {
    const { inv, max } = await scanBusy("iam");
    expect(inv.resources).toHaveLength(80);
    expect(max).toBe(SERVICE_LIMITS.iam);
  });

  it("another service uses the whole --concurrency", async () => {
    const { max } = await scanBusy("ec2");
    expect(max).toBe(16);
  });
});
