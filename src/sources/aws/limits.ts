/**
 * Calls in flight at most, per service and account, for the services whose read APIs have small
 * per-account rate limits: a scan of many regions and rows would otherwise meet throttling first
 * and lean on retries. Every other service shares only the scan's `--concurrency`. The SDK's
 * adaptive retry mode slows each client (service × region) further once it is throttled anyway.
 */
export const SERVICE_LIMITS: Readonly<Record<string, number>> = {
  // IAM is global: every region's scan of it is the same account-wide quota.
  iam: 4,
  budgets: 2,
  cloudtrail: 4,
  "cognito-idp": 4,
};
