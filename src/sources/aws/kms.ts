import type { CollectorRow } from "./table.js";

/** KMS: rows of the collector table. */
export const kmsRows: CollectorRow<never>[] = [];
