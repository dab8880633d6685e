/**
 * AWS Config's configuration items, and the table entry that turns one back into what a collector
 * row's list call returns (the SDK output shape), so the row's own `map` makes the resources and
 * Config mode and direct mode agree by construction.
 */

/** A configuration item, with the fields the scan selects (advanced query member names). */
export interface ConfigItem {
  resourceType: string;
  resourceId: string;
  resourceName?: string;
  /** `global` for IAM and other global resources. */
  awsRegion: string;
  accountId: string;
  arn?: string;
  configurationItemStatus?: string;
  configuration?: Record<string, unknown>;
  /** S3 bucket sub-resources and the like, keyed by Config's own names (`BucketVersioningConfiguration`). */
  supplementaryConfiguration?: Record<string, unknown>;
}

/** A detail call's answer read off an item: its output, or the error the API gives when nothing is set. */
export type ConfigDetail = { value: unknown } | { notConfigured: string };

/** Items of another recorded type in the same region (a backup plan's selections), or undefined where it is not recorded. */
export type RelatedItems = readonly ConfigItem[] | undefined;

export interface ConfigType {
  resourceType: string;
  /** The collector row it replaces: its service and list operation. */
  service: string;
  operation: string;
  /** The row's list items the configuration item stands for, in the SDK's member names (most: one; none for what the list call leaves out). */
  items(ci: ConfigItem): unknown[];
  /**
   * Detail answers read off the item, by the detail's operation; the row's other details are still
   * called, and so is one whose converter answers undefined (what it reads is not recorded there).
   */
  details?: Record<string, (ci: ConfigItem, related?: RelatedItems) => ConfigDetail | undefined>;
  /** The other resource type the details read, when they need one. */
  related?: string;
}

/**
 * Config serialises most older types from the Java SDK model: the API member names with the first
 * letter lowered (`DBInstanceIdentifier` → `dBInstanceIdentifier`, `MultiAZ` → `multiAZ`). This is
 * the way back, for a whole structure. Some types went through Jackson instead, which lowers the
 * whole leading capital run (`DBClusterIdentifier` → `dbclusterIdentifier`, `OKActions` →
 * `okactions`): `acronyms` names the API members spelt so, to be restored exactly.
 */
export function apiNames(value: unknown, acronyms: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v) => apiNames(v, acronyms));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null) continue;
    const name = acronyms.find((a) => jacksonName(a) === k) ?? k.charAt(0).toUpperCase() + k.slice(1);
    out[name] = apiNames(v, acronyms);
  }
  return out;
}

/** Jackson's bean name for an API member: its leading capitals lowered. */
export function jacksonName(member: string): string {
  return member.replace(/^[A-Z]+/, (run) => run.toLowerCase());
}

/**
 * A supplementary configuration entry: an object in an advanced query's answer, but a JSON string
 * in configuration history and snapshots, so both are read.
 */
export function supplementary<T = Record<string, unknown>>(ci: ConfigItem, key: string): T | undefined {
  const v = ci.supplementaryConfiguration?.[key];
  if (v === undefined || v === null) return undefined;
  return (typeof v === "string" ? JSON.parse(v) : v) as T;
}

/** `o` without the members `drop` names (what a list call does not return). */
export function without(o: Record<string, unknown>, drop: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !drop.includes(k)));
}

/** `configuration` as a record (absent for a third-party or deleted item). */
export function configuration(ci: ConfigItem): Record<string, unknown> {
  return ci.configuration ?? {};
}
