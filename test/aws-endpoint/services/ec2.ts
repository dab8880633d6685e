import { regionData, type ApiObject } from "../account.js";
import { decodeToken, intParam, listParam, page, rejectUnsupported, type OpRequest, type Operation } from "../operations.js";
import { ApiError } from "../protocols.js";

/** fixtures/aws/<account>/ec2.json, per region. */
export interface Ec2Region {
  SecurityGroups: ApiObject[];
  Vpcs: ApiObject[];
  Subnets: ApiObject[];
  RouteTables: ApiObject[];
  FlowLogs: ApiObject[];
}

const invalid = (m: string) => new ApiError(400, "InvalidParameterValue", m);

interface Listing {
  /** The region data's list. */
  list: keyof Ec2Region;
  /** The `<Id>.N` request parameter and the item member it matches. */
  idParam: string;
  idMember: string;
  notFound: (id: string) => ApiError;
  /** The largest MaxResults the API takes. */
  maxResults: number;
}

/**
 * An EC2 Describe call: all items, or those the `<Id>.N` parameters name (which MaxResults may not
 * accompany), paged by NextToken/MaxResults (at least 5).
 */
function describe(req: OpRequest, l: Listing): { items: ApiObject[]; next?: string } {
  rejectUnsupported(req.params, [l.idParam, "MaxResults", "NextToken", "DryRun"], invalid);
  let all = regionData<Ec2Region>(req.account, "ec2", req.region)[l.list] ?? [];
  const ids = listParam(req.params, l.idParam);
  if (ids.length > 0) {
    if (req.params.MaxResults !== undefined) throw new ApiError(400, "InvalidParameterCombination", `The parameter ${l.idParam} cannot be used with the parameter maxResults`);
    const missing = ids.find((i) => !all.some((g) => g[l.idMember] === i));
    if (missing) throw l.notFound(missing);
    all = all.filter((g) => ids.includes(g[l.idMember] as string));
  }
  const max = intParam(req.params.MaxResults, "MaxResults", 5, l.maxResults, l.maxResults, invalid);
  const offset = decodeToken(req, req.params.NextToken, () => new ApiError(400, "InvalidPaginationToken", "Invalid pagination token"));
  return page(req, all, offset, max);
}

function describeOperation(action: string, output: keyof Ec2Region, l: Omit<Listing, "list">): Operation {
  return {
    service: "ec2",
    action,
    iamAction: `ec2:${action}`,
    handler: (req) => {
      const p = describe(req, { ...l, list: output });
      return { [output]: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    },
  };
}

/** The regions an account has enabled: account.json `regions`, else every region its data names. */
function enabledRegions(req: OpRequest): string[] {
  if (req.account.regions) return req.account.regions;
  return [...new Set(Object.values(req.account.services).flatMap((s) => Object.keys(s.regions ?? {})))].sort();
}

export const ec2Operations: Operation[] = [
  {
    service: "ec2",
    action: "DescribeRegions",
    iamAction: "ec2:DescribeRegions",
    handler: (req) => {
      rejectUnsupported(req.params, ["DryRun"], invalid);
      return { Regions: enabledRegions(req).map((r) => ({ RegionName: r, Endpoint: `ec2.${r}.amazonaws.com`, OptInStatus: "opt-in-not-required" })) };
    },
  },
  describeOperation("DescribeSecurityGroups", "SecurityGroups", {
    idParam: "GroupId", idMember: "GroupId", maxResults: 1000, notFound: (id) => new ApiError(400, "InvalidGroup.NotFound", `The security group '${id}' does not exist`),
  }),
  describeOperation("DescribeVpcs", "Vpcs", {
    idParam: "VpcId", idMember: "VpcId", maxResults: 1000, notFound: (id) => new ApiError(400, "InvalidVpcID.NotFound", `The vpc ID '${id}' does not exist`),
  }),
  describeOperation("DescribeSubnets", "Subnets", {
    idParam: "SubnetId", idMember: "SubnetId", maxResults: 1000, notFound: (id) => new ApiError(400, "InvalidSubnetID.NotFound", `The subnet ID '${id}' does not exist`),
  }),
  describeOperation("DescribeRouteTables", "RouteTables", {
    idParam: "RouteTableId", idMember: "RouteTableId", maxResults: 100, notFound: (id) => new ApiError(400, "InvalidRouteTableID.NotFound", `The routeTable ID '${id}' does not exist`),
  }),
  describeOperation("DescribeFlowLogs", "FlowLogs", {
    idParam: "FlowLogId", idMember: "FlowLogId", maxResults: 1000, notFound: (id) => new ApiError(400, "InvalidFlowLogId.NotFound", `Flow log ID '${id}' does not exist`),
  }),
];
