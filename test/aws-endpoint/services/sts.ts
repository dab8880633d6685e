import { createHash } from "node:crypto";
import { rejectUnsupported, type Operation } from "../operations.js";
import { ApiError } from "../protocols.js";

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

export const stsOperations: Operation[] = [
  {
    service: "sts",
    action: "GetCallerIdentity",
    iamAction: "sts:GetCallerIdentity",
    handler: (req) => ({ UserId: req.account.caller.UserId, Account: req.account.accountId, Arn: req.account.caller.Arn }),
  },
  {
    service: "sts",
    action: "AssumeRole",
    iamAction: "sts:AssumeRole",
    handler: (req) => {
      rejectUnsupported(req.params, ["RoleArn", "RoleSessionName", "DurationSeconds", "ExternalId"], (m) => new ApiError(400, "ValidationError", m));
      const arn = req.params.RoleArn ?? "";
      const session = req.params.RoleSessionName ?? "";
      if (!/^[\w+=,.@-]{2,64}$/.test(session)) throw new ApiError(400, "ValidationError", `1 validation error detected: Value '${session}' at 'roleSessionName' failed to satisfy constraint`);
      const m = ROLE_ARN.exec(arn);
      if (!m) throw new ApiError(400, "ValidationError", `${arn} is invalid`);
      const target = req.accounts.find((a) => a.accountId === m[1]);
      if (!target || !(target.assumableRoles ?? []).includes(m[2] as string)) {
        throw new ApiError(403, "AccessDenied", `User: ${req.account.caller.Arn} is not authorized to perform: sts:AssumeRole on resource: ${arn}`);
      }
      const roleId = `AROA${createHash("sha256").update(arn).digest("hex").slice(0, 17).toUpperCase()}`;
      const assumedArn = `arn:aws:sts::${target.accountId}:assumed-role/${m[2]}/${session}`;
      const key = req.issueKey(target, { Arn: assumedArn, UserId: `${roleId}:${session}` });
      const seconds = Number(req.params.DurationSeconds ?? 3600);
      return {
        Credentials: {
          AccessKeyId: key,
          SecretAccessKey: "test-endpoint-assumed-secret-not-a-real-key",
          SessionToken: `test-endpoint-session-${key}`,
          Expiration: new Date(Date.now() + seconds * 1000).toISOString(),
        },
        AssumedRoleUser: { AssumedRoleId: `${roleId}:${session}`, Arn: assumedArn },
      };
    },
  },
];
