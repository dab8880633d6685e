import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import AjvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";

const require = createRequire(import.meta.url);
/** The official SARIF 2.1.0 schema, as Microsoft ships it; not retyped here. */
const schema: unknown = JSON.parse(
  readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"),
);
// Both are CommonJS: under NodeNext the default import is module.exports, the class is `.default`.
const Ajv = AjvDraft04.default;
const addFormats = ajvFormats.default;
// unicodeRegExp off: the schema's language-tag pattern is not valid under the "u" flag.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
export const validateSarif = ajv.compile(schema as object);
