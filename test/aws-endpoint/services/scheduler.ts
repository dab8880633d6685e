import { regionData, type ApiObject } from "../account.js";
import { decodeToken, intParam, page, rejectUnsupported, type Operation, type OpRequest } from "../operations.js";
import { ApiError } from "../protocols.js";

/** fixtures/aws/<account>/scheduler.json, per region: each schedule as GetSchedule answers it. */
export interface SchedulerRegion {
  Schedules: (ApiObject & { Name: string; GroupName: string; Target: ApiObject & { Arn: string } })[];
}

const invalid = (m: string) => new ApiError(400, "ValidationException", m);

const schedules = (req: OpRequest) => regionData<SchedulerRegion>(req.account, "scheduler", req.region).Schedules ?? [];

/** The members ListSchedules gives of a schedule (`ScheduleSummary`); its target only by ARN. */
const SUMMARY = ["Arn", "Name", "GroupName", "State", "CreationDate", "LastModificationDate"];

export const schedulerOperations: Operation[] = [
  {
    service: "scheduler",
    action: "ListSchedules",
    iamAction: "scheduler:ListSchedules",
    rest: { method: "GET", path: "/schedules" },
    handler: (req) => {
      rejectUnsupported(req.params, ["NextToken", "MaxResults"], invalid);
      const max = intParam(req.params.MaxResults, "MaxResults", 1, 100, 100, invalid);
      const p = page(req, schedules(req), decodeToken(req, req.params.NextToken, () => invalid("Invalid NextToken")), max);
      const Schedules = p.items.map((s) => ({ ...Object.fromEntries(SUMMARY.filter((k) => k in s).map((k) => [k, s[k]])), Target: { Arn: s.Target.Arn } }));
      return { Schedules, ...(p.next ? { NextToken: p.next } : {}) };
    },
  },
  {
    service: "scheduler",
    action: "GetSchedule",
    iamAction: "scheduler:GetSchedule",
    rest: { method: "GET", path: "/schedules/{Name}" },
    handler: (req) => {
      rejectUnsupported(req.params, ["groupName"], invalid);
      const name = req.path.Name ?? "";
      const group = req.params.groupName ?? "default";
      const found = schedules(req).find((s) => s.Name === name && s.GroupName === group);
      if (!found) throw new ApiError(404, "ResourceNotFoundException", `Schedule ${name} does not exist.`);
      return found;
    },
  },
];
