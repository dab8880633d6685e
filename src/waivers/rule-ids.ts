/**
 * The rule ids a waiver may name come from the caller (the CLI passes the loaded rule set's), so
 * this module never depends on the engine. Case is forgiven (`cb-rds-001`); the result is spelled
 * as the rule set spells it.
 */
export function canonicalRuleId(id: string, ruleIds: readonly string[]): string | undefined {
  const wanted = id.toUpperCase();
  return ruleIds.find((r) => r.toUpperCase() === wanted);
}
