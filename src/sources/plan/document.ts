/** The top level of a `terraform show -json` plan: read in one pass, then checked that it is a plan. */
import { JsonBytes, JsonSyntaxError, lineColumn, type ByteReader } from "./json.js";
import { readPlannedValues, type PlannedModule } from "./modules.js";
import { readResourceChanges, type ChangeMarks } from "./changes.js";
import { emptyConfiguration, readConfiguration, type Configuration } from "./config.js";
import { fail } from "./read.js";
import type { Interner } from "./paths.js";

export interface PlanDocument {
  /** Every module of planned_values (root first); empty when the plan has none. */
  modules: PlannedModule[];
  hasPlannedValues: boolean;
  changes: Map<string, ChangeMarks>;
  configuration: Configuration;
  /** Root module variable values (`variables.<name>.value`). */
  variables: unknown;
}

const STATE_HINT =
  "looks like a Terraform state, not a plan: save a plan with `terraform plan -out=tfplan` and give the output of `terraform show -json tfplan`";

/** Parses the parts the loader needs; any syntax error anywhere in the file is reported. */
export function readPlanDocument(input: Buffer | ByteReader, label: string, intern: Interner, window?: number): PlanDocument {
  const json = Buffer.isBuffer(input) ? new JsonBytes(input) : JsonBytes.ofReader(input, window);
  const seen = new Set<string>();
  const doc: PlanDocument = {
    modules: [],
    hasPlannedValues: false,
    changes: new Map(),
    configuration: emptyConfiguration(),
    variables: undefined,
  };
  let formatVersion: unknown;
  try {
    const kind = json.kind(0);
    if (kind === "end") fail(label, "is empty");
    if (kind !== "object") {
      json.expectEnd(json.skip(0));
      fail(label, `is JSON, but not a Terraform plan (the top level is ${kind === "array" ? "an array" : `a ${kind}`}, not an object)`);
    }
    const end = json.object(0, (key, at) => {
      seen.add(key);
      switch (key) {
        case "format_version": {
          const { value, end: valueEnd } = json.parse(at);
          formatVersion = value;
          return valueEnd;
        }
        case "planned_values":
          doc.modules.length = 0; // a repeated key: the last one wins, as with JSON.parse
          doc.hasPlannedValues = json.kind(at) === "object";
          return readPlannedValues(json, at, doc.modules);
        case "resource_changes":
          doc.changes.clear();
          return readResourceChanges(json, at, doc.changes, !doc.hasPlannedValues, intern);
        case "configuration": {
          const { value, end: valueEnd } = readConfiguration(json, at, intern);
          doc.configuration = value;
          return valueEnd;
        }
        case "variables": {
          const { value, end: valueEnd } = json.parse(at);
          doc.variables = value;
          return valueEnd;
        }
        default:
          return json.skip(at);
      }
    });
    json.expectEnd(end);
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    const { line, column } = lineColumn(input, err.offset);
    fail(label, `not valid JSON: ${err.what} at line ${line}, column ${column}`);
  }
  // planned_values after resource_changes (not Terraform's order): the kept `after` copies are not needed.
  if (doc.hasPlannedValues) for (const marks of doc.changes.values()) delete marks.after;

  if (formatVersion === undefined) {
    if (seen.has("lineage") || (seen.has("serial") && seen.has("resources"))) fail(label, STATE_HINT);
    fail(label, "is JSON, but not a Terraform plan (no format_version): give the output of `terraform show -json <planfile>`");
  }
  if (typeof formatVersion !== "string" || !/^\d+(\.\d+)*$/.test(formatVersion) || formatVersion.length > 20) {
    fail(label, "is not a Terraform plan: format_version is not a version number");
  }
  const major = Number(formatVersion.split(".")[0]);
  if (major !== 0 && major !== 1) {
    fail(label, `has plan format_version ${formatVersion}, which this tool does not read (it reads 0.x and 1.x: Terraform 0.12 to 1.x)`);
  }
  if (!seen.has("planned_values") && !seen.has("resource_changes")) {
    if (seen.has("values")) fail(label, STATE_HINT);
    fail(label, "is JSON with a format_version, but not a Terraform plan (no planned_values or resource_changes)");
  }
  return doc;
}
