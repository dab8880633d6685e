import { globalData, type ApiObject } from "../account.js";
import { jsonPage, rejectUnsupportedJson, type Operation } from "../operations.js";
import { ApiError } from "../protocols.js";

/** fixtures/aws/<account>/organizations.json `global`: the management account's view. */
export interface OrganizationsGlobal {
  /** ListAccounts `Account` members (Id, Arn, Email, Name, Status, JoinedMethod, JoinedTimestamp in epoch seconds). */
  Accounts: ApiObject[];
}

const invalid = (m: string) => new ApiError(400, "InvalidInputException", m);

export const organizationsOperations: Operation[] = [
  {
    service: "organizations",
    action: "ListAccounts",
    iamAction: "organizations:ListAccounts",
    handler: (req) => {
      rejectUnsupportedJson(req.json, ["NextToken", "MaxResults"], invalid);
      const accounts = globalData<OrganizationsGlobal>(req.account, "organizations").Accounts;
      if (!accounts) throw new ApiError(400, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization.");
      const p = jsonPage(req, accounts, { token: "NextToken", limit: "MaxResults", max: 20, invalid });
      return { Accounts: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    },
  },
];
