import { globalData, regionData, type ApiObject } from "../account.js";
import { decodeToken, intParam, page, rejectUnsupportedJson, type Operation, type OpRequest } from "../operations.js";
import { ApiError } from "../protocols.js";

/** fixtures/aws/<account>/monitoring.json, per region: DescribeAlarms' `MetricAlarms`. */
export interface MonitoringRegion {
  MetricAlarms: ApiObject[];
}

/** monitoring.json, global: ListDashboards' `DashboardEntries` (dashboards belong to the account, any region lists them all). */
export interface MonitoringGlobal {
  DashboardEntries: ApiObject[];
}

/** CloudWatch moved from awsQuery: its error codes are the query ones (`InvalidParameterValue`, not `…Exception`). */
const invalid = (m: string) => new ApiError(400, "InvalidParameterValue", m);

/** Where `NextToken` starts; a bad one is refused with the operation's own error. */
function offsetOf(req: OpRequest, bad: () => ApiError): number {
  const token = typeof req.json.NextToken === "string" ? req.json.NextToken : undefined;
  return decodeToken(req, token, bad);
}

export const monitoringOperations: Operation[] = [
  {
    service: "monitoring",
    action: "DescribeAlarms",
    iamAction: "cloudwatch:DescribeAlarms",
    handler: (req) => {
      // Without AlarmTypes, DescribeAlarms answers metric alarms only.
      rejectUnsupportedJson(req.json, ["MaxRecords", "NextToken"], invalid);
      const all = regionData<MonitoringRegion>(req.account, "monitoring", req.region).MetricAlarms ?? [];
      const max = intParam(req.json.MaxRecords, "MaxRecords", 1, 100, 50, invalid);
      const p = page(req, all, offsetOf(req, () => new ApiError(400, "InvalidNextToken", "The service returned an invalid NextToken.")), max);
      return { MetricAlarms: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    },
  },
  {
    service: "monitoring",
    action: "ListDashboards",
    iamAction: "cloudwatch:ListDashboards",
    handler: (req) => {
      rejectUnsupportedJson(req.json, ["NextToken"], invalid);
      const all = globalData<MonitoringGlobal>(req.account, "monitoring").DashboardEntries ?? [];
      // No page size in the request: CloudWatch answers up to 1,000 dashboards a page.
      const p = page(req, all, offsetOf(req, () => invalid("The value for the parameter NextToken is not valid.")), 1000);
      return { DashboardEntries: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    },
  },
];
