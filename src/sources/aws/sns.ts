import type { CollectorRow } from "./table.js";

/** SNS: rows of the collector table. */
export const snsRows: CollectorRow<never>[] = [];
