import { regionData, type ApiObject } from "../account.js";
import { decodeToken, intParam, listParam, page, rejectUnsupported, type Operation } from "../operations.js";
import { ApiError } from "../protocols.js";

/** fixtures/aws/<account>/ec2.json, per region. */
export interface Ec2Region {
  SecurityGroups: ApiObject[];
}

const invalid = (m: string) => new ApiError(400, "InvalidParameterValue", m);

export const ec2Operations: Operation[] = [
  {
    service: "ec2",
    action: "DescribeSecurityGroups",
    iamAction: "ec2:DescribeSecurityGroups",
    handler: (req) => {
      rejectUnsupported(req.params, ["GroupId", "MaxResults", "NextToken", "DryRun"], invalid);
      let all = regionData<Ec2Region>(req.account, "ec2", req.region).SecurityGroups ?? [];
      const ids = listParam(req.params, "GroupId");
      if (ids.length > 0) {
        if (req.params.MaxResults !== undefined) {
          throw new ApiError(400, "InvalidParameterCombination", "The parameter groupIds cannot be used with the parameter maxResults");
        }
        const missing = ids.find((i) => !all.some((g) => g.GroupId === i));
        if (missing) throw new ApiError(400, "InvalidGroup.NotFound", `The security group '${missing}' does not exist`);
        all = all.filter((g) => ids.includes(g.GroupId as string));
      }
      const max = intParam(req.params.MaxResults, "MaxResults", 5, 1000, 1000, invalid);
      const offset = decodeToken(req, req.params.NextToken, () => new ApiError(400, "InvalidPaginationToken", "Invalid pagination token"));
      const p = page(req, all, offset, max);
      return { SecurityGroups: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    },
  },
];
