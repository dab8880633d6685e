/** The whole collector table: one file a service, listed here. */
import { backupRows } from "./backup.js";
import { budgetsRows } from "./budgets.js";
import { cloudfrontRows } from "./cloudfront.js";
import { cloudtrailRows } from "./cloudtrail.js";
import { cloudwatchRows } from "./cloudwatch.js";
import { cognitoRows } from "./cognito.js";
import { configRows } from "./config.js";
import { ec2Rows } from "./ec2.js";
import { eventsRows } from "./events.js";
import { iamRows } from "./iam.js";
import { kmsRows } from "./kms.js";
import { lambdaRows } from "./lambda.js";
import { logsRows } from "./logs.js";
import { rdsRows } from "./rds.js";
import { s3Rows } from "./s3.js";
import { secretsmanagerRows } from "./secretsmanager.js";
import { snsRows } from "./sns.js";
import type { CollectorRow } from "./table.js";

export const COLLECTORS: readonly CollectorRow<never>[] = [
  ...rdsRows, ...ec2Rows, ...s3Rows, ...logsRows, ...cloudfrontRows, ...cognitoRows, ...lambdaRows, ...eventsRows, ...cloudwatchRows, ...snsRows, ...budgetsRows, ...backupRows, ...cloudtrailRows, ...secretsmanagerRows, ...kmsRows, ...iamRows, ...configRows,
] as unknown as CollectorRow<never>[];
