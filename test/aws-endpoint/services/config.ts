import { regionData, type ApiObject } from "../account.js";
import { rejectUnsupportedJson, type Operation, type OpRequest } from "../operations.js";
import { ApiError } from "../protocols.js";

/** fixtures/aws/<account>/config.json, per region (timestamps as epoch seconds). */
export interface ConfigRegion {
  ConfigurationRecorders: ApiObject[];
  ConfigurationRecordersStatus: ApiObject[];
}

const invalid = (m: string) => new ApiError(400, "ValidationException", m);

/** The named recorders (all without names); an unknown name is an error, as AWS Config answers. */
function named(req: OpRequest, all: ApiObject[]): ApiObject[] {
  const names = req.json.ConfigurationRecorderNames;
  if (!Array.isArray(names)) return all;
  const missing = names.find((n) => !all.some((r) => r.name === n));
  if (missing !== undefined) throw new ApiError(400, "NoSuchConfigurationRecorderException", `Cannot find configuration recorder with the specified name '${String(missing)}'.`);
  return all.filter((r) => names.includes(r.name));
}

export const configOperations: Operation[] = [
  {
    service: "config",
    action: "DescribeConfigurationRecorders",
    iamAction: "config:DescribeConfigurationRecorders",
    handler: (req) => {
      rejectUnsupportedJson(req.json, ["ConfigurationRecorderNames"], invalid);
      const all = regionData<ConfigRegion>(req.account, "config", req.region).ConfigurationRecorders ?? [];
      return { ConfigurationRecorders: named(req, all) };
    },
  },
  {
    service: "config",
    action: "DescribeConfigurationRecorderStatus",
    iamAction: "config:DescribeConfigurationRecorderStatus",
    handler: (req) => {
      rejectUnsupportedJson(req.json, ["ConfigurationRecorderNames"], invalid);
      const all = regionData<ConfigRegion>(req.account, "config", req.region).ConfigurationRecordersStatus ?? [];
      return { ConfigurationRecordersStatus: named(req, all) };
    },
  },
];
