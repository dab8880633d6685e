import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Finding } from "../src/model/finding.js";
import { renderJunit, xmlAttribute, xmlText } from "../src/report/junit.js";
import { CRAFTED, OPTIONS, RULES, TOTALS, findings, scanResult } from "./helpers/report-fixture.js";

const RUNBOOK = "https://github.com/classboard/classboard-guard/blob/main/docs/runbooks/";

// ---------------------------------------------------------------------------------------------
// A small strict XML 1.0 reader: enough to prove the report is well-formed (no XML library is a
// dependency) and to read back what a CI tool would see. It rejects raw "<" or "&" in text and
// attributes, unknown entities, characters XML forbids, unbalanced or crossed tags, duplicate
// attributes, unquoted values and anything after the root element.
// ---------------------------------------------------------------------------------------------

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9._:]*/;
const FORBIDDEN_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  if (raw.includes("<")) throw new Error(`raw "<" in ${where}: ${raw}`);
  return raw.replace(/&([^;]*);|&/g, (m, ref: string | undefined) => {
    if (ref === undefined) throw new Error(`raw "&" in ${where}: ${raw}`);
    if (ref in PREDEFINED) return PREDEFINED[ref]!;
    const num = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
    if (!num) throw new Error(`unknown entity &${ref}; in ${where}`);
    const cp = num[1] !== undefined ? parseInt(num[1], 16) : Number(num[2]);
    const ch = String.fromCodePoint(cp);
    if (FORBIDDEN_CHAR.test(ch)) throw new Error(`character reference to a forbidden character in ${where}: ${m}`);
    return ch;
  });
}

function parseXml(xml: string): XmlElement {
  const bad = FORBIDDEN_CHAR.exec(xml);
  if (bad) throw new Error(`forbidden character U+${bad[0].codePointAt(0)!.toString(16)} at ${bad.index}`);
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>/.exec(xml);
  if (!decl) throw new Error("missing XML declaration");
  let i = decl[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const chunk = xml.slice(i, lt < 0 ? xml.length : lt);
    if (stack.length > 0) stack[stack.length - 1]!.text += decode(chunk, "text");
    else if (chunk.trim() !== "") throw new Error(`text outside the root element: ${chunk}`);
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith("</", i)) {
      const m = /^<\/([A-Za-z_:][-A-Za-z0-9._:]*)\s*>/.exec(xml.slice(i));
      if (!m) throw new Error(`bad end tag at ${i}`);
      const open = stack.pop();
      if (open?.name !== m[1]) throw new Error(`</${m[1]}> closes <${open?.name ?? "nothing"}>`);
      if (stack.length === 0) root = open;
      i += m[0].length;
      continue;
    }
    if (root !== undefined) throw new Error("content after the root element");
    const name = NAME.exec(xml.slice(i + 1));
    if (!name) throw new Error(`bad start tag at ${i}`);
    const el: XmlElement = { name: name[0], attrs: {}, children: [], text: "" };
    i += 1 + name[0].length;
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(i))![0];
      i += ws.length;
      if (xml.startsWith("/>", i) || xml.startsWith(">", i)) break;
      if (ws === "") throw new Error(`no space before attribute at ${i}`);
      const a = /^([A-Za-z_:][-A-Za-z0-9._:]*)="([^"]*)"/.exec(xml.slice(i));
      if (!a) throw new Error(`bad attribute at ${i}: ${xml.slice(i, i + 40)}`);
      if (a[1]! in el.attrs) throw new Error(`duplicate attribute ${a[1]}`);
      el.attrs[a[1]!] = decode(a[2]!, `attribute ${a[1]}`);
      i += a[0].length;
    }
    if (stack.length > 0) stack[stack.length - 1]!.children.push(el);
    if (xml.startsWith("/>", i)) {
      i += 2;
      if (stack.length === 0) root = el;
    } else {
      i += 1;
      stack.push(el);
    }
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (root === undefined) throw new Error("no root element");
  return root;
}

function all(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => all(c, name))];
}

function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

/** A real parser as a second opinion, when the machine has one (xmllint, or Python's expat). */
function externalCheck(xml: string): { tool: string; ok: boolean; output: string } | undefined {
  if (existsSync("/usr/bin/xmllint")) {
    const r = spawnSync("/usr/bin/xmllint", ["--noout", "-"], { input: xml, encoding: "utf8" });
    return { tool: "xmllint", ok: r.status === 0, output: r.stderr };
  }
  const script = "import sys, xml.dom.minidom as m; m.parseString(sys.stdin.buffer.read()); print('ok')";
  const r = spawnSync("python3", ["-c", script], { input: Buffer.from(xml, "utf8"), encoding: "utf8" });
  if (r.error !== undefined) return undefined;
  return { tool: "python3 expat", ok: r.status === 0 && r.stdout.trim() === "ok", output: r.stderr };
}

// ---------------------------------------------------------------------------------------------

describe("JUnit report", () => {
  const xml = renderJunit(scanResult(), OPTIONS);
  const root = parseXml(xml);
  const suites = all(root, "testsuite");
  const cases = all(root, "testcase");
  const caseFor = (ruleId: string, address: string): XmlElement => {
    const found = cases.filter((c) => c.attrs["classname"] === ruleId && c.attrs["name"] === address);
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  it("is well-formed XML with a <testsuites> root", () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xml.endsWith("</testsuites>\n")).toBe(true);
    expect(root.name).toBe("testsuites");
    expect(root.attrs["name"]).toBe("cbguard plan scan");
  });

  it("has one suite per rule, most severe first, with its metadata as properties", () => {
    expect(suites.map((s) => s.attrs["name"])).toEqual([
      "CB-S3-002: S3 buckets block public access",
      "CB-RDS-001: RDS instances must be Multi-AZ",
      "CB-LOG-003: CloudTrail is on in every region",
      "CB-TAG-004: Resources carry an owner tag",
    ]);
    const rds = suites[1]!;
    const props = Object.fromEntries(all(rds, "property").map((p) => [p.attrs["name"], p.attrs["value"]]));
    expect(props).toEqual({ severity: "high", guideSection: "Database", runbook: `${RUNBOOK}CB-RDS-001.md` });
    expect(rds.attrs["timestamp"]).toBe("2026-11-03T10:00:00");
  });

  it("counts tests, failures, errors and skipped per suite and in total", () => {
    const count = (s: XmlElement) => [s.attrs["tests"], s.attrs["failures"], s.attrs["errors"], s.attrs["skipped"]];
    const byRule = Object.fromEntries(suites.map((s) => [s.attrs["name"]!.split(":")[0], count(s)]));
    expect(byRule).toEqual({
      "CB-S3-002": ["2", "1", "1", "0"], // crafted fail, unknown
      "CB-RDS-001": ["3", "2", "0", "0"], // hclFail, live, planPass
      "CB-LOG-003": ["2", "0", "0", "2"], // waived, notApplicable
      "CB-TAG-004": ["3", "2", "0", "0"], // expired, outside, tagPass
    });
    expect(count(root)).toEqual([
      String(Object.values(findings()).length),
      String(TOTALS.fail),
      String(TOTALS.unknown),
      String(TOTALS.waived + TOTALS.not_applicable),
    ]);
    // The counts agree with the elements actually written.
    for (const s of suites) {
      const tc = s.children.filter((c) => c.name === "testcase");
      expect(tc).toHaveLength(Number(s.attrs["tests"]));
      expect(tc.filter((c) => child(c, "failure"))).toHaveLength(Number(s.attrs["failures"]));
      expect(tc.filter((c) => child(c, "error"))).toHaveLength(Number(s.attrs["errors"]));
      expect(tc.filter((c) => child(c, "skipped"))).toHaveLength(Number(s.attrs["skipped"]));
    }
  });

  it("writes a failure with the severity as type, file and line, and the runbook in the body", () => {
    const tc = caseFor("CB-RDS-001", "module.database.aws_db_instance.main");
    expect(tc.attrs["file"]).toBe("terraform/modules/database/main.tf");
    expect(tc.attrs["line"]).toBe("12");
    const failure = child(tc, "failure")!;
    expect(failure.attrs).toEqual({ message: "multi_az is false", type: "high" });
    expect(failure.text).toContain("Location: terraform/modules/database/main.tf:12");
    expect(failure.text).toContain("Attribute: multi_az");
    expect(failure.text).toContain(`Runbook: ${RUNBOOK}CB-RDS-001.md`);
  });

  it("writes unknown as an <error type=unknown> with the reason, never as a pass or a failure", () => {
    const tc = caseFor("CB-S3-002", "aws_s3_bucket.assets");
    expect(child(tc, "failure")).toBeUndefined();
    const error = child(tc, "error")!;
    expect(error.attrs["type"]).toBe("unknown");
    expect(error.attrs["message"]).toBe(
      "the public access block's bucket is known only after apply: block_public_acls cannot be checked",
    );
    expect(error.text).toContain("Why unknown: the public access block's bucket is known only after apply");
    expect(error.text).toContain(`Runbook: ${RUNBOOK}CB-S3-002.md`);
  });

  it("skips waived and not-applicable results with the reason and expiry", () => {
    const waived = child(caseFor("CB-LOG-003", "aws_cloudtrail.main"), "skipped")!;
    expect(waived.attrs["message"]).toBe("waived (fail): the organization trail covers it (until 2027-01-31, owner platform-team)");
    const na = child(caseFor("CB-LOG-003", "aws_cloudtrail.secondary"), "skipped")!;
    expect(na.attrs["message"]).toBe("not applicable: filter did not match: not an organization trail");
  });

  it("fails a result whose waiver expired, and says so", () => {
    const failure = child(caseFor("CB-TAG-004", "aws_instance.bastion"), "failure")!;
    expect(failure.attrs["type"]).toBe("low");
    expect(failure.text).toContain("Waiver expired on 2026-10-01: legacy host (until 2026-10-01)");
  });

  it("leaves a pass empty, and gives no file to a live resource", () => {
    const pass = caseFor("CB-RDS-001", "module.replica.aws_db_instance.main");
    expect(pass.children).toEqual([]);
    expect(pass.attrs["file"]).toBe("plans/tfplan.json");
    expect(pass.attrs["line"]).toBeUndefined();
    const live = caseFor("CB-RDS-001", "arn:aws:rds:us-east-1:123456789012:db:prod");
    expect(live.attrs["file"]).toBeUndefined();
    expect(child(live, "failure")!.text).toContain("API call: rds:DescribeDBInstances");
  });

  it("shows a file outside baseDir by its basename only", () => {
    expect(caseFor("CB-TAG-004", "aws_instance.outside").attrs["file"]).toBe("other.tf");
  });

  it("escapes every input character XML would interpret", () => {
    // The crafted address keeps its quote, angle brackets and "|" once read back.
    const tc = caseFor("CB-S3-002", CRAFTED);
    expect(tc.attrs["file"]).toBe("terraform/storage.tf");
    expect(child(tc, "failure")!.attrs["message"]).toBe("no public access block for <b>bucket</b> | see [here](http://evil)");
    expect(xml).not.toContain("<script>");
    expect(xml).not.toContain("<b>");
    expect(xmlText("a<b>&c\"'\r")).toBe("a&lt;b&gt;&amp;c&quot;&apos;&#13;");
    expect(xmlAttribute("a\tb\nc\rd")).toBe("a&#9;b&#10;c&#13;d");
    expect(xmlText("]]>")).toBe("]]&gt;");
  });

  it("replaces characters XML 1.0 cannot carry, even as references, and keeps tabs and newlines", () => {
    const base = findings()["hclFail"]!;
    const address = 'aws_s3_bucket.b["\u0001"<&>\'\u001b[31m"]';
    const message = "line one\nline\ttwo\r\n\u0000\uFFFE \ud800 lone surrogate, \u{1F600} kept";
    const crafted: Finding = { ...base, resource: { ...base.resource, address }, message };
    const out = renderJunit(scanResult({ findings: [crafted] }), OPTIONS);
    const doc = parseXml(out);
    const tc = all(doc, "testcase")[0]!;
    expect(tc.attrs["name"]).toBe('aws_s3_bucket.b["\uFFFD"<&>\'\uFFFD[31m"]');
    const failure = child(tc, "failure")!;
    expect(failure.attrs["message"]).toBe("line one\nline\ttwo\r\n\uFFFD\uFFFD \uFFFD lone surrogate, \u{1F600} kept");
    expect(failure.text).toContain("line one\nline\ttwo\r\n");
    expect(out).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/); // eslint-disable-line no-control-regex
    expect(out).not.toContain("&#1;");
  });

  it("passes a real XML parser too, where one is installed", () => {
    const base = findings()["hclFail"]!;
    const hostile: Finding = {
      ...base,
      resource: { ...base.resource, address: 'x["\u0001"<&>]]>\u0000'  },
      message: "<![CDATA[ & ]]> \u0007",
    };
    for (const doc of [xml, renderJunit(scanResult({ findings: [...scanResult().findings, hostile] }), OPTIONS)]) {
      const check = externalCheck(doc);
      if (check === undefined) return; // neither xmllint nor python3 here: the reader above stands alone
      expect(check.output).toBe("");
      expect(check.ok, `${check.tool} rejected the report`).toBe(true);
    }
  });

  it("has a reader that would catch a broken report", () => {
    const bad = [
      "<a>x < y</a>",
      "<a>x & y</a>",
      '<a b="1 < 2"/>',
      '<a b="&bogus;"/>',
      "<a>&#1;</a>",
      "<a>\u0001</a>",
      "<a><b></a></b>",
      "<a>",
      '<a b="1" b="2"/>',
      "<a/><b/>",
      "<a b=1/>",
    ];
    for (const body of bad) {
      const doc = `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
      expect(() => parseXml(doc), body).toThrow();
      const check = externalCheck(doc);
      if (check !== undefined) expect(check.ok, `${check.tool} accepted ${body}`).toBe(false);
    }
  });

  it("writes an empty <testsuites> for a scan with no results", () => {
    const out = renderJunit(scanResult({ findings: [] }), OPTIONS);
    const doc = parseXml(out);
    expect(doc.attrs["tests"]).toBe("0");
    expect(doc.children).toEqual([]);
  });

  it("names every rule that has results exactly once", () => {
    const names = suites.map((s) => s.attrs["name"]!.split(":")[0]);
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual(RULES.map((r) => r.id).sort());
  });
});
