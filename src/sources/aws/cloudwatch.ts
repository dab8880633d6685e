import type { CollectorRow } from "./table.js";

/** CloudWatch alarms and dashboards: rows of the collector table. */
export const cloudwatchRows: CollectorRow<never>[] = [];
