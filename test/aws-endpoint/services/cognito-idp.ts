import { regionData, type ApiObject } from "../account.js";
import { decodeToken, intParam, page, rejectUnsupportedJson, type Operation, type OpRequest } from "../operations.js";
import { ApiError } from "../protocols.js";

/** fixtures/aws/<account>/cognito-idp.json, per region: each pool as DescribeUserPool's `UserPool`. */
export interface CognitoRegion {
  UserPools: ApiObject[];
}

const invalid = (m: string) => new ApiError(400, "InvalidParameterException", m);

/** The members ListUserPools gives of a pool (`UserPoolDescriptionType`). */
const DESCRIPTION = ["Id", "Name", "LambdaConfig", "Status", "LastModifiedDate", "CreationDate"];

const pools = (req: OpRequest) => regionData<CognitoRegion>(req.account, "cognito-idp", req.region).UserPools ?? [];

export const cognitoIdpOperations: Operation[] = [
  {
    service: "cognito-idp",
    action: "ListUserPools",
    iamAction: "cognito-idp:ListUserPools",
    handler: (req) => {
      rejectUnsupportedJson(req.json, ["MaxResults", "NextToken"], invalid);
      // MaxResults is required (1-60): a call without it is refused.
      if (req.json.MaxResults === undefined) throw invalid("1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: Member must not be null");
      const max = intParam(req.json.MaxResults, "MaxResults", 1, 60, 60, invalid);
      const token = typeof req.json.NextToken === "string" ? req.json.NextToken : undefined;
      const p = page(req, pools(req), decodeToken(req, token, () => invalid("Invalid pagination token")), max);
      const UserPools = p.items.map((u) => Object.fromEntries(DESCRIPTION.filter((k) => k in u).map((k) => [k, u[k]])));
      return { UserPools, ...(p.next ? { NextToken: p.next } : {}) };
    },
  },
  {
    service: "cognito-idp",
    action: "DescribeUserPool",
    iamAction: "cognito-idp:DescribeUserPool",
    handler: (req) => {
      rejectUnsupportedJson(req.json, ["UserPoolId"], invalid);
      const id = req.json.UserPoolId;
      if (typeof id !== "string" || id === "") throw invalid("1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null");
      const pool = pools(req).find((u) => u.Id === id);
      if (!pool) throw new ApiError(400, "ResourceNotFoundException", `User pool ${id} does not exist.`);
      return { UserPool: pool };
    },
  },
];
