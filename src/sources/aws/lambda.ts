import type { CollectorRow } from "./table.js";

/** Lambda: rows of the collector table. */
export const lambdaRows: CollectorRow<never>[] = [];
