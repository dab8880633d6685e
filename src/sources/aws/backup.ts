import type { CollectorRow } from "./table.js";

/** AWS Backup: rows of the collector table. */
export const backupRows: CollectorRow<never>[] = [];
