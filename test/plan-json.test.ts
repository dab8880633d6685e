/** The byte-level JSON reader under the plan loader: same verdicts as JSON.parse, at any window size. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../src/model/errors.js";
import { JsonBytes, JsonSyntaxError, SharedValues, lineColumn, type ByteReader } from "../src/sources/plan/json.js";
import { readPlanDocument } from "../src/sources/plan/document.js";
import { Interner } from "../src/sources/plan/paths.js";
import { openInput } from "../src/sources/plan/read.js";
import { mod, planJson, planned } from "./helpers/plan-builder.js";

const tmp = mkdtempSync(join(tmpdir(), "cbguard-plan-json-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Serves a buffer in pieces of at most `step` bytes. */
function reader(bytes: Buffer, step: number): ByteReader {
  return {
    read(target, offset, length, position) {
      const n = Math.max(0, Math.min(length, step, bytes.length - position));
      bytes.copy(target, offset, position, position + n);
      return n;
    },
  };
}

/** Rebuilds a value with the navigation API only, parsing just the leaves. */
function rebuild(json: JsonBytes, start: number): { value: unknown; end: number } {
  const kind = json.kind(start);
  if (kind === "object") {
    const value: Record<string, unknown> = {};
    const end = json.object(start, (key, at) => {
      const r = rebuild(json, at);
      value[key] = r.value;
      return r.end;
    });
    return { value, end };
  }
  if (kind === "array") {
    const value: unknown[] = [];
    const end = json.array(start, (at) => {
      const r = rebuild(json, at);
      value.push(r.value);
      return r.end;
    });
    return { value, end };
  }
  return json.parse(start);
}

function readAll(text: string, window?: number, step = 3): unknown {
  const bytes = Buffer.from(text, "utf8");
  const json = window === undefined ? new JsonBytes(bytes) : JsonBytes.ofReader(reader(bytes, step), window);
  const { value, end } = rebuild(json, 0);
  json.expectEnd(end);
  return value;
}

function validByUs(text: string, window?: number): boolean {
  try {
    readAll(text, window);
    return true;
  } catch (err) {
    if (err instanceof JsonSyntaxError) return false;
    throw err;
  }
}

function validByJsonParse(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const SAMPLE = JSON.stringify({
  s: 'a "quoted" \\ back\\slash / \b\f\n\r\t \u0001 é ☃ 😀',
  n: [0, -0, 1.5, -2e10, 3E-2, 123456789012345, 1e+2],
  b: [true, false, null],
  o: { "": {}, "k\"ey": [], nested: [{ a: [[]] }] },
  "ключ": "значение",
});

describe("JsonBytes", () => {
  it.each([undefined, 1, 2, 7, 64])("reads values like JSON.parse (window %s)", (window) => {
    expect(readAll(SAMPLE, window)).toEqual(JSON.parse(SAMPLE));
    expect(readAll(`  \n${JSON.stringify(SAMPLE)}\r\n`, window)).toEqual(SAMPLE);
    expect(readAll("[]", window)).toEqual([]);
    expect(readAll(' { "a" : [ 1 , { } ] } ', window)).toEqual({ a: [1, {}] });
  });

  it("accepts and refuses exactly what JSON.parse does, for every prefix and one-byte change", () => {
    const text = `{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"], "b": {"c": {}}, "d": []}`;
    const replacements = ['"', "}", "]", ",", ":", "x", "0", "-", ".", "e", " ", "\\", "\t", "{", "["];
    let checked = 0;
    for (let cut = 0; cut <= text.length; cut++) {
      const prefix = text.slice(0, cut);
      expect(validByUs(prefix), JSON.stringify(prefix)).toBe(validByJsonParse(prefix));
      checked++;
    }
    for (let i = 0; i < text.length; i++) {
      for (const r of replacements) {
        const changed = text.slice(0, i) + r + text.slice(i + 1);
        expect(validByUs(changed), JSON.stringify(changed)).toBe(validByJsonParse(changed));
        expect(validByUs(changed, 4), JSON.stringify(changed)).toBe(validByJsonParse(changed));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("reports a bad escape cut by a window refill as a syntax error", () => {
    for (let pad = 0; pad < 12; pad++) {
      const text = `{"a": ["${"x".repeat(pad)}\\u12G4"]}`;
      for (const window of [2, 3, 4, 5]) {
        expect(validByUs(text, window), `${text} @${window}`).toBe(false);
        // Skipped rather than parsed: nothing pins the string's bytes.
        const json = JsonBytes.ofReader(reader(Buffer.from(text), 1), window);
        expect(() => json.skip(0), `${text} @${window}`).toThrow(JsonSyntaxError);
      }
    }
  });

  it("refuses what JSON.parse refuses", () => {
    for (const bad of ["", "{", "[1,]", "{,}", '{"a" 1}', "01", "1.", ".5", "-", "1e", "+1", "tru", "nul", "NaN", '"\\x"', '"\\u12"', "'a'", '{"a":1}}', "[1 2]"]) {
      expect(validByUs(bad), bad).toBe(false);
      expect(validByJsonParse(bad), bad).toBe(false);
    }
  });

  it("skips a value without building it and says where a problem is", () => {
    const json = new JsonBytes(Buffer.from('{"big": [1, 2, {"x": "y"}], "after": 1}'));
    expect(json.skip(8)).toBe(26);
    try {
      new JsonBytes(Buffer.from('{\n  "a": [1,\n    2 3]\n}')).skip(0);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(JsonSyntaxError);
      const e = err as JsonSyntaxError;
      expect(e.what).toBe("expected ',' or ']'");
      expect(lineColumn(Buffer.from('{\n  "a": [1,\n    2 3]\n}'), e.offset)).toEqual({ line: 3, column: 7 });
    }
  });

  it("counts columns in characters, and lines the same through a reader", () => {
    const text = Buffer.from('{"é☃😀": tru}', "utf8");
    const offset = text.indexOf("}");
    expect(lineColumn(text, offset)).toEqual({ line: 1, column: 12 });
    expect(lineColumn(reader(text, 2), offset)).toEqual({ line: 1, column: 12 });
  });
});

describe("JsonBytes caches", () => {
  it("decodes keys and short strings like JSON.parse, with far more distinct ones than cache slots", () => {
    // Keys and values of every length around the cached limit, escaped or not, ASCII or not;
    // 20,000 distinct keys replace cache slots many times over.
    const value: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++) {
      const key = `${"k".repeat(i % 60)}${i}${i % 7 === 0 ? "é" : ""}${i % 11 === 0 ? '\\"q' : ""}`;
      value[key] = i % 3 === 0 ? `v${i}${"x".repeat(i % 50)}` : i % 3 === 1 ? ["a", `b${i % 13}`, "a"] : { [`n${i % 5}`]: `☃${i % 4}` };
    }
    const text = JSON.stringify(value);
    expect(readAll(text)).toEqual(value);
    expect(readAll(text, 64, 7)).toEqual(value);
  });

  it("shares a parsed piece only between identical bytes", () => {
    // Two long pieces that differ in one byte the hash does not sample (it samples 64 of them).
    const long = (c: string) => JSON.stringify({ a: `${c}${"x".repeat(2000)}`, b: "y".repeat(2000) });
    const a = long("p");
    const b = long("q");
    expect(a.length).toBe(b.length);
    const text = `[${a},${b},${a}]`;
    const json = new JsonBytes(Buffer.from(text));
    const cache = new SharedValues<unknown>();
    const parsed: unknown[] = [];
    json.array(0, (at) => {
      const read = json.parseShared(at, cache, (v) => v);
      parsed.push(read.value);
      return read.end;
    });
    expect(parsed).toEqual(JSON.parse(text));
    expect(parsed[2]).toBe(parsed[0]);
    expect(parsed[1]).not.toBe(parsed[0]);
  });

  it("still reads pieces right once its cache is full", () => {
    const pieces = [[1], [2], [3], [1], [2], [3]];
    const json = new JsonBytes(Buffer.from(JSON.stringify(pieces)));
    const cache = new SharedValues<unknown>(2);
    const parsed: unknown[] = [];
    json.array(0, (at) => {
      const read = json.parseShared(at, cache, (v) => v);
      parsed.push(read.value);
      return read.end;
    });
    expect(parsed).toEqual(pieces);
    expect(parsed[3]).toBe(parsed[0]);
    expect(parsed[5]).not.toBe(parsed[2]); // [3] came when the cache was full
  });
});

describe("the file reader checks UTF-8 chunk by chunk", () => {
  const values = { name: "é".repeat(40) + "☃".repeat(30) + "😀".repeat(20) + "x" };
  const text = planJson({ root: mod("", [planned("aws_sqs_queue.q", values)]) });
  const path = join(tmp, "multibyte.json");
  writeFileSync(path, text);

  async function load(file: string, window: number) {
    const input = await openInput(file);
    try {
      return readPlanDocument(input.bytes ?? input.reader, file, new Interner(), window);
    } finally {
      input.close();
    }
  }

  it.each([4, 5, 6, 7, 9, 16])("reads characters cut by a chunk end (window %i)", async (window) => {
    const doc = await load(path, window);
    expect(doc.modules[0]!.resources[0]!.values).toEqual(values);
  });

  it.each([4, 5, 7, 64, 1 << 20])("finds an invalid sequence after the first chunk (window %i)", async (window) => {
    const bytes = Buffer.from(text, "utf8");
    const at = bytes.indexOf("x\"", bytes.indexOf("😀"));
    bytes[at] = 0xf0; // a 4-byte lead followed by a quote
    const bad = join(tmp, `bad-${window}.json`);
    writeFileSync(bad, bytes);
    await expect(load(bad, window)).rejects.toThrow(`${bad}: is not UTF-8 text (invalid byte sequence at byte ${at}): binary data?`);
    await expect(load(bad, window)).rejects.toBeInstanceOf(InputError);
  });

  it("reads past whitespace longer than the window", async () => {
    const spaced = join(tmp, "spaced.json");
    writeFileSync(spaced, `${" \n".repeat(50)}${text.replace(/,/g, ",\n        ")}${"\n".repeat(40)}`);
    const doc = await load(spaced, 4);
    expect(doc.modules[0]!.resources[0]!.values).toEqual(values);
  });

  it("finds a character cut by the end of the file", async () => {
    const cut = join(tmp, "cut.json");
    writeFileSync(cut, Buffer.concat([Buffer.from('{"a": "'), Buffer.from("😀").subarray(0, 3)]));
    await expect(load(cut, 8)).rejects.toThrow(/cut\.json: is not UTF-8 text \(invalid byte sequence at byte 7\)/);
  });

  it("finds a NUL byte late in the file", async () => {
    const bytes = Buffer.from(text, "utf8");
    const at = bytes.length - 10;
    bytes[at] = 0;
    const nul = join(tmp, "nul.json");
    writeFileSync(nul, bytes);
    await expect(load(nul, 32)).rejects.toThrow(new RegExp(`a NUL byte at byte ${at}\\)`));
  });

  it("positions count from the start of the file, BOM included", async () => {
    const bom = join(tmp, "bom-bad.json");
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a": "'), Buffer.from([0xff]), Buffer.from('"}')]));
    await expect(load(bom, 8)).rejects.toThrow(/invalid byte sequence at byte 10\)/);
  });
});
