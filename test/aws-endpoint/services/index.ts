/** Every operation the local endpoint answers: one file a service, listed here. */
import type { Operation } from "../operations.js";
import { ec2Operations } from "./ec2.js";
import { logsOperations } from "./logs.js";
import { rdsOperations } from "./rds.js";
import { s3Operations } from "./s3.js";
import { stsOperations } from "./sts.js";

export const OPERATIONS: readonly Operation[] = [...stsOperations, ...rdsOperations, ...ec2Operations, ...s3Operations, ...logsOperations];

/** The resource ARN an AccessDenied message names. */
export function resourceArn(req: { service: string; region: string; bucket?: string }, accountId: string): string {
  if (req.service === "s3") return req.bucket ? `arn:aws:s3:::${req.bucket}` : "*";
  if (req.service === "sts" || req.service === "iam") return `arn:aws:${req.service}::${accountId}:*`;
  return `arn:aws:${req.service}:${req.region}:${accountId}:*`;
}
