/** Every operation the local endpoint answers: one file a service, listed here. */
import type { Operation } from "../operations.js";
import { backupOperations } from "./backup.js";
import { cloudtrailOperations } from "./cloudtrail.js";
import { configOperations } from "./config.js";
import { iamOperations } from "./iam.js";
import { kmsOperations } from "./kms.js";
import { secretsmanagerOperations } from "./secretsmanager.js";
import { budgetsOperations } from "./budgets.js";
import { cloudfrontOperations } from "./cloudfront.js";
import { cognitoIdpOperations } from "./cognito-idp.js";
import { configSelectOperations } from "./config-select.js";
import { ec2Operations } from "./ec2.js";
import { eventsOperations } from "./events.js";
import { lambdaOperations } from "./lambda.js";
import { logsOperations } from "./logs.js";
import { monitoringOperations } from "./monitoring.js";
import { organizationsOperations } from "./organizations.js";
import { rdsOperations } from "./rds.js";
import { s3Operations } from "./s3.js";
import { schedulerOperations } from "./scheduler.js";
import { snsOperations } from "./sns.js";
import { stsOperations } from "./sts.js";

export const OPERATIONS: readonly Operation[] = [...stsOperations, ...rdsOperations, ...ec2Operations, ...s3Operations, ...cloudfrontOperations, ...logsOperations, ...organizationsOperations, ...cognitoIdpOperations, ...lambdaOperations, ...eventsOperations, ...schedulerOperations, ...monitoringOperations, ...snsOperations, ...budgetsOperations, ...configSelectOperations, ...backupOperations, ...cloudtrailOperations, ...secretsmanagerOperations, ...kmsOperations, ...iamOperations, ...configOperations];

/** The resource ARN an AccessDenied message names. */
export function resourceArn(req: { service: string; region: string; bucket?: string }, accountId: string): string {
  if (req.service === "s3") return req.bucket ? `arn:aws:s3:::${req.bucket}` : "*";
  if (req.service === "sts" || req.service === "iam") return `arn:aws:${req.service}::${accountId}:*`;
  return `arn:aws:${req.service}:${req.region}:${accountId}:*`;
}
