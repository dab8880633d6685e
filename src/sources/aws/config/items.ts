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

export interface ConfigType {
  resourceType: string;
  /** The collector row it replaces: its service and list operation. */
  service: string;
  operation: string;
  /** One list item of the row, in the SDK's member names. */
  item(ci: ConfigItem): unknown;
  /** Detail answers read off the item, by the detail's operation; the row's other details are still called. */
  details?: Record<string, (ci: ConfigItem) => ConfigDetail>;
}

/**
 * Config serialises most older types from the Java SDK model: the API member names with the first
 * letter lowered (`DBInstanceIdentifier` → `dBInstanceIdentifier`, `MultiAZ` → `multiAZ`). This is
 * the way back, for a whole structure.
 */
export function apiNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(apiNames);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k.charAt(0).toUpperCase() + k.slice(1)] = apiNames(v);
  return out;
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

/** `configuration` as a record (absent for a third-party or deleted item). */
export function configuration(ci: ConfigItem): Record<string, unknown> {
  return ci.configuration ?? {};
}
