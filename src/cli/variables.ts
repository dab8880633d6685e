import type { VariableInput } from "../sources/hcl/index.js";

/** Terraform's own variable flags, for every command that reads HCL. */
export const variableOptions = {
  "var-file": { type: "string" as const, array: true as const, nargs: 1, description: "Variables file (.tfvars or .tfvars.json); repeatable" },
  var: { type: "string" as const, array: true as const, nargs: 1, description: "Variable value NAME=VALUE; repeatable, later wins" },
};

/**
 * `--var-file` and `--var` in command-line order, which Terraform's precedence follows (later wins).
 * yargs keeps each option's values apart, so the order is read back from the raw arguments; when
 * that reading disagrees with what yargs parsed, files go first and assignments after.
 */
export function variableInputs(argv: readonly string[], files: readonly string[], assignments: readonly string[]): VariableInput[] {
  const ordered: VariableInput[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") break;
    const m = /^--(var-file|var)(?:=(.*))?$/s.exec(arg);
    if (!m) continue;
    const value = m[2] ?? argv[++i];
    if (value === undefined) break;
    ordered.push(m[1] === "var-file" ? { file: value } : { assignment: value });
  }
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const parsedFiles = ordered.flatMap((v) => ("file" in v ? [v.file] : []));
  const parsedAssignments = ordered.flatMap((v) => ("assignment" in v ? [v.assignment] : []));
  if (same(parsedFiles, files) && same(parsedAssignments, assignments)) return ordered;
  return [...files.map((file) => ({ file })), ...assignments.map((assignment) => ({ assignment }))];
}
