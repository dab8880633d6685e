import type { Operation } from "../operations.js";

export const stsOperations: Operation[] = [
  {
    service: "sts",
    action: "GetCallerIdentity",
    iamAction: "sts:GetCallerIdentity",
    handler: (req) => ({ UserId: req.account.caller.UserId, Account: req.account.accountId, Arn: req.account.caller.Arn }),
  },
];
