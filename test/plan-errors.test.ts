import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../src/model/errors.js";
import { loadPlanFile, parsePlan } from "../src/sources/plan/index.js";
import { change, mod, planJson, planned } from "./helpers/plan-builder.js";

/** Planted in every bad file: no message may show it, or any other part of the content. */
const SECRET = "Pl4nted-S3cret-Do-Not-Print";

const tmp = mkdtempSync(join(tmpdir(), "cbguard-plan-errors-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const goodPlan = planJson({
  root: mod("", [planned("aws_db_instance.db", { password: SECRET, engine: "postgres" }, { sensitive_values: { password: true } })]),
  changes: [change("aws_db_instance.db", ["create"], { after: { password: SECRET }, after_sensitive: { password: true } })],
});

async function loadError(path: string): Promise<InputError> {
  try {
    await loadPlanFile(path);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error(`${path} loaded without an error`);
}

function expectOneLine(err: InputError, label: string, what: RegExp): void {
  expect(err.message).toMatch(what);
  expect(err.message.startsWith(`${label}: `)).toBe(true);
  expect(err.message).not.toContain("\n");
  expect(err.message).not.toContain(SECRET);
  expect(err.message).not.toContain("Pl4nted");
  expect(err.input).toBe(label);
}

const utf16le = (s: string) => Buffer.from(s, "utf16le");

/** name, file bytes, what the message must say. */
const cases: [string, Buffer, RegExp][] = [
  ["an empty file", Buffer.alloc(0), /: is empty$/],
  ["only whitespace", Buffer.from(" \n\t\r\n "), /: is empty$/],
  ["only a BOM", Buffer.from([0xef, 0xbb, 0xbf]), /: is empty$/],
  ["a NUL byte", Buffer.concat([Buffer.from(`{"format_version": "1.2", "x": "${SECRET}`), Buffer.from([0]), Buffer.from('"}')]), /contains binary data \(a NUL byte at byte 59\)/],
  ["binary bytes", Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x01, 0x02]), /binary data/],
  ["a PNG image", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]), /binary data \(a NUL byte at byte 8\)/],
  ["invalid UTF-8", Buffer.concat([Buffer.from(`{"a": "${SECRET}`), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), /is not UTF-8 text \(invalid byte sequence at byte 34\)/],
  ["UTF-16 without a BOM", utf16le(goodPlan), /binary data .*UTF-16 without a byte-order mark/],
  ["broken UTF-16", Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le("{"), Buffer.from([0x00, 0xd8, 0x41, 0x00])]), /is not valid UTF-16LE text/],
  ["truncated JSON", Buffer.from(goodPlan.slice(0, goodPlan.indexOf(SECRET) + 6)), /not valid JSON: unexpected end of input \(the file looks truncated\) at line 1, column \d+$/],
  ["a bad token", Buffer.from(`{\n  "format_version": "1.2",\n  "planned_values": {"x": tru, "y": "${SECRET}"}\n}`), /not valid JSON: unexpected character at line 3, column 30$/],
  ["a missing comma", Buffer.from(`{"format_version": "1.2"\n "y": "${SECRET}"}`), /not valid JSON: expected ',' or '}' at line 2, column 2$/],
  ["a trailing comma", Buffer.from(`{"format_version": "1.2", "y": ["${SECRET}",]}`), /not valid JSON: unexpected character at line 1/],
  ["a bad escape", Buffer.from(`{"format_version": "1.2", "y": "${SECRET}\\q"}`), /not valid JSON: invalid escape in a string at line 1, column 60$/],
  ["a raw tab in a string", Buffer.from(`{"format_version": "1.2", "y": "a\tb"}`), /not valid JSON: control character inside a string/],
  ["data after the document", Buffer.from(`${goodPlan}\n{"more": "${SECRET}"}`), /not valid JSON: unexpected data after the end of the JSON document at line 2, column 1$/],
  ["HCL instead of JSON", Buffer.from(`resource "aws_s3_bucket" "b" {\n  bucket = "${SECRET}"\n}\n`), /not valid JSON: unexpected character at line 1, column 1$/],
  ["a JSON array", Buffer.from(`[{"format_version": "1.2", "x": "${SECRET}"}]`), /is JSON, but not a Terraform plan \(the top level is an array, not an object\)/],
  ["a JSON string", Buffer.from(`"${SECRET}"`), /is JSON, but not a Terraform plan \(the top level is a string, not an object\)/],
  ["JSON that is not a plan", Buffer.from(`{"hello": "${SECRET}"}`), /is JSON, but not a Terraform plan \(no format_version\)/],
  ["a plan-less document with a format_version", Buffer.from(`{"format_version": "1.0", "x": "${SECRET}"}`), /not a Terraform plan \(no planned_values or resource_changes\)/],
  ["a state from terraform show -json", Buffer.from(JSON.stringify({ format_version: "1.0", terraform_version: "1.11.4", values: { root_module: { resources: [{ values: { password: SECRET } }] } } })), /looks like a Terraform state, not a plan: .*terraform show -json/],
  ["a raw terraform.tfstate", Buffer.from(JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: 3, lineage: "abc", outputs: {}, resources: [{ instances: [{ attributes: { password: SECRET } }] }] })), /looks like a Terraform state, not a plan/],
  ["an unsupported format_version", Buffer.from(JSON.stringify({ format_version: "2.0", planned_values: {}, x: SECRET })), /plan format_version 2\.0, which this tool does not read/],
  ["a format_version that is not a version", Buffer.from(JSON.stringify({ format_version: SECRET, planned_values: {} })), /format_version is not a version number$/],
  ["a numeric format_version", Buffer.from(JSON.stringify({ format_version: 1, planned_values: {} })), /format_version is not a version number$/],
];

describe("bad plan files: one InputError line naming the file, no content", () => {
  it.each(cases)("%s", async (name, bytes, what) => {
    const path = join(tmp, `${name.replace(/\W+/g, "-")}.json`);
    writeFileSync(path, bytes);
    expectOneLine(await loadError(path), path, what);
  });

  it("a missing file", async () => {
    const path = join(tmp, "nope", "plan.json");
    expectOneLine(await loadError(path), path, /: file not found$/);
  });

  it("a directory", async () => {
    const path = join(tmp, "a-dir");
    mkdirSync(path);
    expectOneLine(await loadError(path), path, /: is a directory, not a plan file/);
  });

  it("a truncated UTF-16 plan", async () => {
    const path = join(tmp, "trunc16.json");
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(goodPlan.slice(0, 300))]));
    expectOneLine(await loadError(path), path, /not valid JSON: unexpected end of input/);
  });
});

describe("parsePlan reports the same problems for text", () => {
  const textCases: [string, string, RegExp][] = [
    ["empty text", "", /: is empty$/],
    ["a BOM only", "\uFEFF", /: is empty$/],
    ["a NUL character", `{"a": "${SECRET}\u0000"}`, /contains binary data \(a NUL character at character 34\)/],
    ["truncated JSON", goodPlan.slice(0, goodPlan.lastIndexOf(SECRET) + 3), /not valid JSON: unexpected end of input/],
    ["a state", JSON.stringify({ format_version: "1.0", values: { x: SECRET } }), /looks like a Terraform state/],
  ];
  it.each(textCases)("%s", (name, text, what) => {
    let caught: unknown;
    try {
      parsePlan(text, "given.json");
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InputError);
    expectOneLine(caught as InputError, "given.json", what);
  });

  it("deeply nested JSON is refused as input, not a crash", () => {
    const deep = `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{"address": "a.b", "mode": "managed", "type": "a", "name": "b", "values": {"v": ${"[".repeat(200000)}${"]".repeat(200000)}}}]}}, "resource_changes": [{"address": "a.b", "change": {"actions": ["create"], "after_unknown": {"v": ${"[".repeat(200000)}${"]".repeat(200000)}}}}]}`;
    let caught: unknown;
    try {
      parsePlan(deep, "deep.json");
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InputError);
    expectOneLine(caught as InputError, "deep.json", /: is nested too deeply to read$/);
  });
});
