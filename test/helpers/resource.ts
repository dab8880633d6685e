import type { Expression, Resource } from "../../src/model/resource.js";

/** A canonical resource for unit tests; only what a test sets differs from an empty one. */
export function res(
  address: string,
  values: Record<string, unknown> = {},
  extra: { unknown?: string[]; sensitive?: string[]; expressions?: Record<string, Partial<Expression>>; region?: string; source?: Resource["source"]; unreadable?: Record<string, string> } = {},
): Resource {
  const parts = address.split(".");
  const type = parts[parts.length - 2]!;
  const modulePath = parts.slice(0, -2).join(".");
  return {
    address,
    type,
    modulePath,
    baseAddress: address.replace(/\[[^\]]*\]$/, ""),
    values,
    unknown: new Set(extra.unknown ?? []),
    sensitive: new Set(extra.sensitive ?? []),
    expressions: Object.fromEntries(Object.entries(extra.expressions ?? {}).map(([k, e]) => [k, { references: e.references ?? [], literal: e.literal ?? false }])),
    ...(extra.region ? { region: extra.region } : {}),
    ...(extra.unreadable ? { unreadable: extra.unreadable } : {}),
    source: extra.source ?? "plan",
  };
}
