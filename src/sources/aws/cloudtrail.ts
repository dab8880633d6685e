import type { CollectorRow } from "./table.js";

/** CloudTrail: rows of the collector table. */
export const cloudtrailRows: CollectorRow<never>[] = [];
