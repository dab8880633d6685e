import { describe, expect, it } from "vitest";
import { collectAccount } from "../src/sources/aws/collect.js";
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
