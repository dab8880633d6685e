import { describe, expect, it } from "vitest";
import { bind, evaluate, evaluateOrUnknown } from "../src/sources/hcl/evaluate.js";
import { parseHcl } from "../src/sources/hcl/parser.js";
import type { Expr } from "../src/sources/hcl/syntax.js";
import { EvalError, UNKNOWN, settle, type Value } from "../src/sources/hcl/values.js";

const NAMES: Record<string, Value> = {
  local: { name: "acme", list: [3, 1, 2], map: { b: 2, a: 1 }, nothing: null, objs: [{ id: "x" }, { id: "y" }] },
  later: UNKNOWN,
};
const scope = bind({ get: () => undefined }, NAMES);

async function expr(src: string): Promise<Expr> {
  const file = await parseHcl("t.tf", `x = ${src}\n`);
  return file.body.attributes[0]!.expr;
}
const value = async (src: string) => settle(evaluateOrUnknown(await expr(src), scope));

describe("literals and templates", () => {
  it.each([
    ["42", 42],
    ["1.5e3", 1500],
    ["true", true],
    ["null", null],
    ['"a\\tb\\n\\"c\\" \\u00e9 $${x} %%{y}"', 'a\tb\n"c" é ${x} %{y}'],
    ['"${local.name}-${1 + 2}"', "acme-3"],
    ['"${local.list}"', [3, 1, 2]],
    ['"a %{ if local.name == "acme" }yes%{ else }no%{ endif }"', "a yes"],
    ['"%{ for n in local.list }[${n}]%{ endfor }"', "[3][1][2]"],
    ["<<EOT\n  keep ${local.name}\nEOT", "  keep acme\n"],
    ["<<-EOT\n    strip\n      two\n    EOT", "strip\n  two\n"],
  ])("%s", async (src, want) => {
    expect(await value(src)).toEqual(want);
  });

  it("a template with an unknown part is unknown; one with null is an error", async () => {
    expect(await value('"x-${later}"')).toBe(UNKNOWN);
    await expect(async () => evaluate(await expr('"x-${local.nothing}"'), scope)).rejects.toThrow(EvalError);
  });

  it("strip markers are not rendered: unknown rather than wrong", async () => {
    expect(await value('"a ${~ local.name ~} b"')).toBe(UNKNOWN);
  });
});

describe("operators, conditionals, collections", () => {
  it.each([
    ["-2 * 3 + 10 % 4", -4],
    ["!false && 2 >= 2", true],
    ['1 == "1"', false],
    ["[1, 2] == [1, 2]", true],
    ["local.list[0] < local.list[1] ? \"lt\" : \"ge\"", "ge"],
    ["local.map.a + local.map[\"b\"]", 3],
    ["local.list.1", 1],
    ["local.objs[*].id", ["x", "y"]],
    ["local.objs.*.id", ["x", "y"]],
    ["local.nothing[*]", []],
    ["[for k, v in local.map : \"${k}=${v}\"]", ["a=1", "b=2"]],
    ["{ for n in local.list : n > 1 ? \"big\" : \"small\" => n... }", { big: [3, 2], small: [1] }],
    ["[for n in local.list : n if n != 1]", [3, 2]],
    ["{ (local.name) = 1, \"q.r\" = 2, bare = 3 }", { acme: 1, "q.r": 2, bare: 3 }],
  ])("%s", async (src, want) => {
    expect(await value(src)).toEqual(want);
  });

  it("unknowns spread, but a known side can decide && and ||, and a list is never null", async () => {
    expect(await value("later + 1")).toBe(UNKNOWN);
    expect(await value("later ? 1 : 2")).toBe(UNKNOWN);
    expect(await value("true || later")).toBe(true);
    expect(await value("false && later")).toBe(false);
    expect(await value("[later] == null")).toBe(false);
    expect(await value("[for x in later : x]")).toBe(UNKNOWN);
    expect(await value("[later, 1]")).toEqual([UNKNOWN, 1]);
  });

  it("what Terraform rejects is an error (unknown outside try), never a guess", async () => {
    await expect(async () => evaluate(await expr("local.map.c"), scope)).rejects.toThrow(EvalError);
    await expect(async () => evaluate(await expr("local.list[5]"), scope)).rejects.toThrow(EvalError);
    await expect(async () => evaluate(await expr("nowhere.x"), scope)).rejects.toThrow(EvalError);
    expect(await value("local.map.c")).toBe(UNKNOWN);
  });
});

describe("functions", () => {
  it.each([
    ['format("%s-%03d-%.2f-%v-%q", "a", 7, 1.5, true, "q")', 'a-007-1.50-true-"q"'],
    ['formatlist("%s.%s", ["a", "b"], "x")', ["a.x", "b.x"]],
    ['join("/", ["a", "b"], ["c"])', "a/b/c"],
    ['split(",", "a,,b")', ["a", "", "b"]],
    ['"${upper("ab")}${lower("CD")}"', "ABcd"],
    ['title("hello world")', "Hello World"],
    ['replace("a.b.c", ".", "-")', "a-b-c"],
    ['replace("v1.2.3", "/v(\\\\d+)\\\\..*/", "$1")', "1"],
    ['substr("hello", 1, 3)', "ell"],
    ['trimspace("  x ")', "x"],
    ['trimprefix("pre-x", "pre-")', "x"],
    ['regex("^(\\\\w+)-(\\\\d+)$", "web-12")', ["web", "12"]],
    ["concat([1], [2, 3])", [1, 2, 3]],
    ['merge({ a = 1, b = 1 }, { b = 2 }, null)', { a: 1, b: 2 }],
    ['lookup({ a = 1 }, "b", 0)', 0],
    ["length(local.map)", 2],
    ['length("héllo")', 5],
    ["element([1, 2, 3], 4)", 2],
    ["flatten([[1, [2]], [], 3])", [1, 2, 3]],
    ["keys(local.map)", ["a", "b"]],
    ["values(local.map)", [1, 2]],
    ['contains(["a"], "a")', true],
    ['distinct(["a", "b", "a"])', ["a", "b"]],
    ['compact(["a", "", null, "b"])', ["a", "b"]],
    ['zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }],
    ["range(3)", [0, 1, 2]],
    ["slice([1, 2, 3], 1, 3)", [2, 3]],
    ['sort(["b", "a", "c"])', ["a", "b", "c"]],
    ['toset(["b", "a", "b"])', ["a", "b"]],
    ["min(3, 1, 2) + max(local.list...)", 4],
    ['coalesce(null, "", "x")', "x"],
    ['coalescelist([], ["y"])', ["y"]],
    ['tonumber("12") + 1', 13],
    ['tostring(12)', "12"],
    ['tobool("true")', true],
    ['jsonencode({ b = [1, "<x>"], a = null })', '{"a":null,"b":[1,"\\u003cx\\u003e"]}'],
    ['jsondecode("{\\"a\\": [1, true]}")', { a: [1, true] }],
    ['base64encode("hi")', "aGk="],
    ['urlencode("a b&c")', "a+b%26c"],
    ['sha256("x")', "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"],
    ['cidrsubnet("10.20.0.0/16", 8, 11)', "10.20.11.0/24"],
    ['cidrhost("10.0.0.0/24", -2)', "10.0.0.254"],
    ['cidrnetmask("10.0.0.0/12")', "255.240.0.0"],
    ['cidrsubnets("10.0.0.0/16", 8, 4)', ["10.0.0.0/24", "10.0.16.0/20"]],
    ['try(local.map.c, local.map.a)', 1],
    ["can(local.map.c)", false],
    ['one(["x"])', "x"],
    ['sum([1, 2])', 3],
    ['sensitive("s")', "s"],
  ])("%s", async (src, want) => {
    expect(await value(src)).toEqual(want);
  });

  it("answer from known parts where Terraform does", async () => {
    expect(await value("length([later, 1])")).toBe(2);
    expect(await value("keys({ a = later })")).toEqual(["a"]);
    expect(await value('lookup({ a = 1, b = later }, "a")')).toBe(1);
    expect(await value("concat([later], [1])")).toEqual([UNKNOWN, 1]);
    expect(await value('join(",", [later])')).toBe(UNKNOWN);
    expect(await value('coalesce(later, "x")')).toBe(UNKNOWN);
    expect(await value("try(later, 1)")).toBe(UNKNOWN);
  });

  it("leave unknown what depends on time, chance, IPv6 maths or a function it does not know", async () => {
    for (const src of ["timestamp()", "uuid()", 'cidrsubnet("fd00::/8", 8, 1)', 'frobnicate("x")', 'templatefile("t.tpl", {})']) {
      expect(await value(src), src).toBe(UNKNOWN);
    }
  });
});
