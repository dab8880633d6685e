import { regionData, type ApiObject } from "../account.js";
import { jsonPage, rejectUnsupportedJson, type Operation } from "../operations.js";
import { ApiError } from "../protocols.js";

/** fixtures/aws/<account>/logs.json, per region. */
export interface LogsRegion {
  logGroups: ApiObject[];
}

const invalid = (m: string) => new ApiError(400, "InvalidParameterException", m);

export const logsOperations: Operation[] = [
  {
    service: "logs",
    action: "DescribeLogGroups",
    iamAction: "logs:DescribeLogGroups",
    handler: (req) => {
      rejectUnsupportedJson(req.json, ["limit", "nextToken", "logGroupNamePrefix"], invalid);
      // CloudWatch Logs lists groups in order of their names, whatever order they were created in.
      let all = [...(regionData<LogsRegion>(req.account, "logs", req.region).logGroups ?? [])].sort((a, b) => (String(a.logGroupName) < String(b.logGroupName) ? -1 : 1));
      const prefix = req.json.logGroupNamePrefix;
      if (typeof prefix === "string") all = all.filter((g) => String(g.logGroupName).startsWith(prefix));
      const p = jsonPage(req, all, { token: "nextToken", limit: "limit", max: 50, invalid });
      return { logGroups: p.items, ...(p.next ? { nextToken: p.next } : {}) };
    },
  },
];
