import type { CollectorRow } from "./table.js";

/** EventBridge and EventBridge Scheduler: rows of the collector table. */
export const eventsRows: CollectorRow<never>[] = [];
