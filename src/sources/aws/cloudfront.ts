import type { CollectorRow } from "./table.js";

/** CloudFront: rows of the collector table. */
export const cloudfrontRows: CollectorRow<never>[] = [];
