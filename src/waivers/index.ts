/**
 * Waivers: accepted exceptions to a rule, written inline on a resource (`# cbguard:waive …`) or in
 * a waivers file. This module imports only model/: rule ids are passed in, and the CLI wires it
 * between the engine's findings and the reports (docs/waivers.md).
 */
import type { Inventory } from "../model/resource.js";
import { loadWaiversFile } from "./file.js";
import { collectInlineWaivers } from "./inline.js";
import type { WaiverEntry } from "./types.js";

export { applyWaivers, waiverMatcher, waiverUsage, type WaiverUse } from "./apply.js";
export { daysBetween, isCalendarDate, isExpired, utcDate } from "./date.js";
export { DEFAULT_WAIVERS_FILE, loadWaiversFile, parseWaiversFile, resolveWaiversFile } from "./file.js";
export { globMatcher, globToRegExp } from "./glob.js";
export { collectInlineWaivers, parseWaiverComment, type InlineWaiver } from "./inline.js";
export { canonicalRuleId } from "./rule-ids.js";
export { originLabel, targetLabel, type WaiverEntry, type WaiverOrigin, type WaiverTarget } from "./types.js";

/**
 * Every waiver that applies to a scan: the inline comments the source found on the inventory's
 * resources, then the waivers file's entries. Throws an InputError for the first waiver that is
 * refused (no reason, no valid date, unknown rule or key).
 */
export function collectWaivers(options: { inventory?: Inventory; file?: string; ruleIds: readonly string[] }): WaiverEntry[] {
  const inline = options.inventory !== undefined ? collectInlineWaivers(options.inventory.resources, options.ruleIds) : [];
  const fromFile = options.file !== undefined ? loadWaiversFile(options.file, options.ruleIds) : [];
  return [...inline, ...fromFile];
}
