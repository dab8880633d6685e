import { regionData, type AccountSnapshot, type ApiObject } from "../account.js";
import { rejectUnsupportedJson, type Operation, type OpRequest } from "../operations.js";
import { ApiError } from "../protocols.js";

/** One trail in fixtures/aws/<account>/cloudtrail.json, kept in its home region only. */
export interface TrailEntry {
  /** The DescribeTrails `trailList` member. */
  Trail: ApiObject & { Name: string; TrailARN: string; IsMultiRegionTrail?: boolean };
  /** The GetTrailStatus output. */
  Status: ApiObject;
  /** The GetEventSelectors output members (one of the two is set). */
  EventSelectors?: ApiObject[];
  AdvancedEventSelectors?: ApiObject[];
}

export interface CloudTrailRegion {
  Trails: TrailEntry[];
}

const invalid = (m: string) => new ApiError(400, "InvalidParameterCombinationException", m);

function trails(account: AccountSnapshot, region: string): TrailEntry[] {
  return regionData<CloudTrailRegion>(account, "cloudtrail", region).Trails ?? [];
}

/** A trail of this region by name, or of any region by ARN (as CloudTrail resolves them). */
function trail(req: OpRequest, nameOrArn: unknown): TrailEntry {
  const id = String(nameOrArn ?? "");
  const here = trails(req.account, req.region).find((t) => t.Trail.Name === id || t.Trail.TrailARN === id);
  const anywhere = id.startsWith("arn:") ? Object.keys(req.account.services.cloudtrail?.regions ?? {}).flatMap((r) => trails(req.account, r)).find((t) => t.Trail.TrailARN === id) : undefined;
  const found = here ?? anywhere;
  if (!found) throw new ApiError(400, "TrailNotFoundException", `Unknown trail: ${id} for the user: ${req.account.accountId}`);
  return found;
}

export const cloudtrailOperations: Operation[] = [
  {
    service: "cloudtrail",
    action: "DescribeTrails",
    iamAction: "cloudtrail:DescribeTrails",
    handler: (req) => {
      rejectUnsupportedJson(req.json, ["includeShadowTrails"], invalid);
      const own = trails(req.account, req.region).map((t) => t.Trail);
      // A multi-region trail also shows in every other region as a shadow, unless asked not to.
      const shadows = req.json.includeShadowTrails === false ? [] : Object.keys(req.account.services.cloudtrail?.regions ?? {})
        .filter((r) => r !== req.region).flatMap((r) => trails(req.account, r)).map((t) => t.Trail).filter((t) => t.IsMultiRegionTrail === true);
      return { trailList: [...own, ...shadows] };
    },
  },
  {
    service: "cloudtrail",
    action: "GetTrailStatus",
    iamAction: "cloudtrail:GetTrailStatus",
    handler: (req) => {
      rejectUnsupportedJson(req.json, ["Name"], invalid);
      return trail(req, req.json.Name).Status;
    },
  },
  {
    service: "cloudtrail",
    action: "GetEventSelectors",
    iamAction: "cloudtrail:GetEventSelectors",
    handler: (req) => {
      rejectUnsupportedJson(req.json, ["TrailName"], invalid);
      const t = trail(req, req.json.TrailName);
      return { TrailARN: t.Trail.TrailARN, ...(t.EventSelectors ? { EventSelectors: t.EventSelectors } : {}), ...(t.AdvancedEventSelectors ? { AdvancedEventSelectors: t.AdvancedEventSelectors } : {}) };
    },
  },
];
