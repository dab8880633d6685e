import type { CollectorRow } from "./table.js";

/** Cognito: rows of the collector table. */
export const cognitoRows: CollectorRow<never>[] = [];
