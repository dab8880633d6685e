import { regionData, type ApiObject } from "../account.js";
import { decodeToken, intParam, page, rejectUnsupported, type Operation } from "../operations.js";
import { ApiError } from "../protocols.js";

/** fixtures/aws/<account>/lambda.json, per region: each function as ListFunctions' `FunctionConfiguration`. */
export interface LambdaRegion {
  Functions: ApiObject[];
}

const invalid = (m: string) => new ApiError(400, "InvalidParameterValueException", m);

export const lambdaOperations: Operation[] = [
  {
    service: "lambda",
    action: "ListFunctions",
    iamAction: "lambda:ListFunctions",
    rest: { method: "GET", path: "/2015-03-31/functions" },
    handler: (req) => {
      rejectUnsupported(req.params, ["Marker", "MaxItems"], invalid);
      const all = regionData<LambdaRegion>(req.account, "lambda", req.region).Functions ?? [];
      // Lambda answers at most 50 functions a page, whatever MaxItems asks for.
      const max = Math.min(intParam(req.params.MaxItems, "MaxItems", 1, 10000, 50, invalid), 50);
      const p = page(req, all, decodeToken(req, req.params.Marker, () => invalid("Invalid marker")), max);
      return { Functions: p.items, ...(p.next ? { NextMarker: p.next } : {}) };
    },
  },
];
