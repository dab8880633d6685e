import { regionData, type ApiObject } from "../account.js";
import { decodeToken, intParam, page, rejectUnsupported, type OpRequest, type Operation } from "../operations.js";
import { ApiError } from "../protocols.js";
import { rdsNaming } from "../xml.js";

/** fixtures/aws/<account>/rds.json, per region. */
export interface RdsRegion {
  DBInstances: ApiObject[];
  DBClusters: ApiObject[];
  DBSubnetGroups: ApiObject[];
  /** DescribeDBParameterGroups entries, each with its `Parameters` as DescribeDBParameters returns them. */
  DBParameterGroups: ApiObject[];
}

const invalid = (m: string) => new ApiError(400, "InvalidParameterValue", m);
const combination = (m: string) => new ApiError(400, "InvalidParameterCombination", m);

/** One page of `items` by Marker/MaxRecords (20 to 100, as every RDS Describe call). */
function paged(req: OpRequest, items: ApiObject[]): { items: ApiObject[]; next?: string } {
  const max = intParam(req.params.MaxRecords, "MaxRecords", 20, 100, 100, invalid);
  const offset = decodeToken(req, req.params.Marker, () => invalid("Invalid marker"));
  return page(req, items, offset, max);
}

/** A Describe call that lists all items, or the one its identifier parameter names (`notFound` if none). */
function describe(req: OpRequest, all: ApiObject[], id: { param: string; member: string; notFound: (v: string) => ApiError }) {
  rejectUnsupported(req.params, [id.param, "MaxRecords", "Marker"], combination);
  const wanted = req.params[id.param];
  if (wanted === undefined) return paged(req, all);
  const items = all.filter((d) => d[id.member] === wanted);
  if (items.length === 0) throw id.notFound(wanted);
  return paged(req, items);
}

const data = (req: OpRequest) => regionData<RdsRegion>(req.account, "rds", req.region);

export const rdsOperations: Operation[] = [
  {
    service: "rds",
    action: "DescribeDBInstances",
    iamAction: "rds:DescribeDBInstances",
    naming: rdsNaming,
    handler: (req) => {
      const p = describe(req, data(req).DBInstances ?? [], {
        param: "DBInstanceIdentifier", member: "DBInstanceIdentifier", notFound: (v) => new ApiError(404, "DBInstanceNotFound", `DBInstance ${v} not found.`),
      });
      return { ...(p.next ? { Marker: p.next } : {}), DBInstances: p.items };
    },
  },
  {
    service: "rds",
    action: "DescribeDBClusters",
    iamAction: "rds:DescribeDBClusters",
    naming: rdsNaming,
    handler: (req) => {
      const p = describe(req, data(req).DBClusters ?? [], {
        param: "DBClusterIdentifier", member: "DBClusterIdentifier", notFound: (v) => new ApiError(404, "DBClusterNotFoundFault", `DBCluster ${v} not found.`),
      });
      return { ...(p.next ? { Marker: p.next } : {}), DBClusters: p.items };
    },
  },
  {
    service: "rds",
    action: "DescribeDBSubnetGroups",
    iamAction: "rds:DescribeDBSubnetGroups",
    naming: rdsNaming,
    handler: (req) => {
      const p = describe(req, data(req).DBSubnetGroups ?? [], {
        param: "DBSubnetGroupName", member: "DBSubnetGroupName", notFound: (v) => new ApiError(404, "DBSubnetGroupNotFoundFault", `DB Subnet group '${v}' not found.`),
      });
      return { ...(p.next ? { Marker: p.next } : {}), DBSubnetGroups: p.items };
    },
  },
  {
    service: "rds",
    action: "DescribeDBParameterGroups",
    iamAction: "rds:DescribeDBParameterGroups",
    naming: rdsNaming,
    handler: (req) => {
      const p = describe(req, data(req).DBParameterGroups ?? [], {
        param: "DBParameterGroupName", member: "DBParameterGroupName", notFound: (v) => new ApiError(404, "DBParameterGroupNotFound", `DBParameterGroup not found: ${v}`),
      });
      // The parameters are DescribeDBParameters' answer, not part of a group's description.
      const groups = p.items.map(({ Parameters: _parameters, ...g }) => g);
      return { ...(p.next ? { Marker: p.next } : {}), DBParameterGroups: groups };
    },
  },
  {
    service: "rds",
    action: "DescribeDBParameters",
    iamAction: "rds:DescribeDBParameters",
    naming: rdsNaming,
    handler: (req) => {
      rejectUnsupported(req.params, ["DBParameterGroupName", "MaxRecords", "Marker"], combination);
      const name = req.params.DBParameterGroupName;
      if (name === undefined) throw new ApiError(400, "MissingParameter", "The request must contain the parameter DBParameterGroupName");
      const group = (data(req).DBParameterGroups ?? []).find((g) => g.DBParameterGroupName === name);
      if (!group) throw new ApiError(404, "DBParameterGroupNotFound", `DBParameterGroup not found: ${name}`);
      const p = paged(req, (group.Parameters as ApiObject[] | undefined) ?? []);
      return { Parameters: p.items, ...(p.next ? { Marker: p.next } : {}) };
    },
  },
];
