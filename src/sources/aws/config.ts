import type { CollectorRow } from "./table.js";

/** AWS Config (the recorder, CB-GOV-002): rows of the collector table. */
export const configRows: CollectorRow<never>[] = [];
