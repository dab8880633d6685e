import type { CollectorRow } from "./table.js";

/** Budgets: rows of the collector table. */
export const budgetsRows: CollectorRow<never>[] = [];
