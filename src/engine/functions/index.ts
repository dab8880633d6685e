import type { CheckFn } from "../conditions.js";
import type { ScopeCheckFn } from "../evaluate.js";
import { backupEvery, backupSelectedByTag } from "./backup.js";
import { backupCompletedWithin } from "./backup-recency.js";
import { clusterSpansZones } from "./cluster.js";
import { customerManagedKey } from "./keys.js";
import { guideJobsPresent, isGuideJob, scheduledAsGuideSays } from "./jobs.js";
import { noWorldIngress, routeVia } from "./network.js";
import { deniesInsecureTransport, noAdminGrant } from "./policy-document.js";
import { bucketKeepsObjects, lambdaLogGroup } from "./retention.js";

/** Checks in code, called from rules by name (`fn:` in a condition, `requireFn:` on a rule). */
export const FUNCTIONS: Readonly<Record<string, CheckFn>> = {
  backupCompletedWithin,
  backupEvery,
  backupSelectedByTag,
  bucketKeepsObjects,
  clusterSpansZones,
  customerManagedKey,
  deniesInsecureTransport,
  isGuideJob,
  lambdaLogGroup,
  noAdminGrant,
  noWorldIngress,
  routeVia,
  scheduledAsGuideSays,
};

export const SCOPE_FUNCTIONS: Readonly<Record<string, ScopeCheckFn>> = {
  guideJobsPresent,
};
