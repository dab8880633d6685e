import { describe, expect, it } from "vitest";
import { liveProgress } from "../src/cli/output.js";

function stream(isTTY: boolean): NodeJS.WriteStream & { written: string[] } {
  const written: string[] = [];
  return { isTTY, columns: 40, written, write: (s: string) => written.push(s) > 0 } as unknown as NodeJS.WriteStream & { written: string[] };
}

describe("live progress", () => {
  it("is silent when stderr is not a terminal", () => {
    expect(liveProgress(stream(false))).toBeUndefined();
  });

  it("rewrites one line on a terminal, clipped to its width, at most every 200 ms, and clears it at the end", () => {
    const s = stream(true);
    const show = liveProgress(s)!;
    show(`cbguard: 1 account, 3/40 lists done, ${"9".repeat(60)}`);
    show("cbguard: too soon to be shown");
    expect(s.written).toHaveLength(1);
    expect(s.written[0]!.startsWith("\r\x1b[2Kcbguard: 1 account")).toBe(true);
    expect(s.written[0]!.length).toBe("\r\x1b[2K".length + 39);
    show(undefined);
    expect(s.written[1]).toBe("\r\x1b[2K");
  });
});
