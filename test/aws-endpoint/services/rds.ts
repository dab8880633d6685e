import { regionData, type ApiObject } from "../account.js";
import { decodeToken, intParam, page, rejectUnsupported, type Operation } from "../operations.js";
import { ApiError } from "../protocols.js";
import { rdsNaming } from "../xml.js";

/** fixtures/aws/<account>/rds.json, per region. */
export interface RdsRegion {
  DBInstances: ApiObject[];
}

const invalid = (m: string) => new ApiError(400, "InvalidParameterValue", m);

export const rdsOperations: Operation[] = [
  {
    service: "rds",
    action: "DescribeDBInstances",
    iamAction: "rds:DescribeDBInstances",
    naming: rdsNaming,
    handler: (req) => {
      rejectUnsupported(req.params, ["DBInstanceIdentifier", "MaxRecords", "Marker"], (m) => new ApiError(400, "InvalidParameterCombination", m));
      let all = regionData<RdsRegion>(req.account, "rds", req.region).DBInstances ?? [];
      const id = req.params.DBInstanceIdentifier;
      if (id !== undefined) {
        all = all.filter((d) => d.DBInstanceIdentifier === id);
        if (all.length === 0) throw new ApiError(404, "DBInstanceNotFound", `DBInstance ${id} not found.`);
      }
      const max = intParam(req.params.MaxRecords, "MaxRecords", 20, 100, 100, invalid);
      const offset = decodeToken(req, req.params.Marker, () => invalid("Invalid marker"));
      const p = page(req, all, offset, max);
      return { ...(p.next ? { Marker: p.next } : {}), DBInstances: p.items };
    },
  },
];
