import type { CollectorRow } from "./table.js";

/** IAM: rows of the collector table. */
export const iamRows: CollectorRow<never>[] = [];
