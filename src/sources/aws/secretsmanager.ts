import type { CollectorRow } from "./table.js";

/** Secrets Manager: rows of the collector table. */
export const secretsmanagerRows: CollectorRow<never>[] = [];
