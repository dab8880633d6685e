import { regionData, type ApiObject } from "../account.js";
import { jsonPage, rejectUnsupportedJson, type Operation } from "../operations.js";
import { ApiError } from "../protocols.js";

/** fixtures/aws/<account>/secretsmanager.json, per region (timestamps as epoch seconds). */
export interface SecretsManagerRegion {
  SecretList: ApiObject[];
}

const invalid = (m: string) => new ApiError(400, "InvalidParameterException", m);

export const secretsmanagerOperations: Operation[] = [
  {
    service: "secretsmanager",
    action: "ListSecrets",
    iamAction: "secretsmanager:ListSecrets",
    handler: (req) => {
      rejectUnsupportedJson(req.json, ["MaxResults", "NextToken"], invalid);
      const all = regionData<SecretsManagerRegion>(req.account, "secretsmanager", req.region).SecretList ?? [];
      const p = jsonPage(req, all, { token: "NextToken", limit: "MaxResults", max: 100, invalid });
      return { SecretList: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    },
  },
];
