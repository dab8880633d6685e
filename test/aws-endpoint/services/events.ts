import { regionData, type ApiObject } from "../account.js";
import { jsonPage, rejectUnsupportedJson, type Operation, type OpRequest } from "../operations.js";
import { ApiError } from "../protocols.js";

/**
 * fixtures/aws/<account>/events.json, per region: the default event bus's rules as ListRules
 * answers them, each with its `Targets` as ListTargetsByRule answers them.
 */
export interface EventsRegion {
  Rules: (ApiObject & { Name: string; Targets?: ApiObject[] })[];
}

const invalid = (m: string) => new ApiError(400, "ValidationException", m);

const rules = (req: OpRequest) => regionData<EventsRegion>(req.account, "events", req.region).Rules ?? [];

export const eventsOperations: Operation[] = [
  {
    service: "events",
    action: "ListRules",
    iamAction: "events:ListRules",
    handler: (req) => {
      rejectUnsupportedJson(req.json, ["NextToken", "Limit"], invalid);
      const p = jsonPage(req, rules(req), { token: "NextToken", limit: "Limit", max: 100, invalid });
      return { Rules: p.items.map(({ Targets: _targets, ...rule }) => rule), ...(p.next ? { NextToken: p.next } : {}) };
    },
  },
  {
    service: "events",
    action: "ListTargetsByRule",
    iamAction: "events:ListTargetsByRule",
    handler: (req) => {
      rejectUnsupportedJson(req.json, ["Rule", "NextToken", "Limit"], invalid);
      const name = req.json.Rule;
      if (typeof name !== "string" || name === "") throw invalid("1 validation error detected: Value null at 'rule' failed to satisfy constraint: Member must not be null");
      const rule = rules(req).find((r) => r.Name === name);
      if (!rule) throw new ApiError(400, "ResourceNotFoundException", `Rule ${name} does not exist on EventBus default.`);
      const p = jsonPage(req, rule.Targets ?? [], { token: "NextToken", limit: "Limit", max: 100, invalid });
      return { Targets: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    },
  },
];
