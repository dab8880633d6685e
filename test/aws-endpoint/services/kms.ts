import { regionData, type ApiObject } from "../account.js";
import { decodeToken, intParam, page, rejectUnsupportedJson, type Operation, type OpRequest } from "../operations.js";
import { ApiError } from "../protocols.js";

/** One key in fixtures/aws/<account>/kms.json: its DescribeKey and GetKeyRotationStatus outputs. */
export interface KeyEntry {
  KeyMetadata: ApiObject & { KeyId: string; Arn: string };
  /** Absent: the key cannot rotate automatically (asymmetric, HMAC, imported). */
  Rotation?: ApiObject;
}

export interface KmsRegion {
  Keys: KeyEntry[];
}

const invalid = (m: string) => new ApiError(400, "ValidationException", m);

function keys(req: OpRequest): KeyEntry[] {
  return regionData<KmsRegion>(req.account, "kms", req.region).Keys ?? [];
}

/** By key id or key ARN (aliases are not served). */
function key(req: OpRequest): KeyEntry {
  const id = String(req.json.KeyId ?? "");
  const found = keys(req).find((k) => k.KeyMetadata.KeyId === id || k.KeyMetadata.Arn === id);
  if (!found) throw new ApiError(400, "NotFoundException", `Key '${id}' does not exist`);
  return found;
}

export const kmsOperations: Operation[] = [
  {
    service: "kms",
    action: "ListKeys",
    iamAction: "kms:ListKeys",
    handler: (req) => {
      rejectUnsupportedJson(req.json, ["Limit", "Marker"], invalid);
      const limit = intParam(req.json.Limit, "Limit", 1, 1000, 100, invalid);
      const marker = typeof req.json.Marker === "string" ? req.json.Marker : undefined;
      const offset = decodeToken(req, marker, () => new ApiError(400, "InvalidMarkerException", "Invalid marker"));
      const p = page(req, keys(req).map((k) => ({ KeyId: k.KeyMetadata.KeyId, KeyArn: k.KeyMetadata.Arn })), offset, limit);
      return { Keys: p.items, Truncated: p.next !== undefined, ...(p.next ? { NextMarker: p.next } : {}) };
    },
  },
  {
    service: "kms",
    action: "DescribeKey",
    iamAction: "kms:DescribeKey",
    handler: (req) => {
      rejectUnsupportedJson(req.json, ["KeyId"], invalid);
      return { KeyMetadata: key(req).KeyMetadata };
    },
  },
  {
    service: "kms",
    action: "GetKeyRotationStatus",
    iamAction: "kms:GetKeyRotationStatus",
    handler: (req) => {
      rejectUnsupportedJson(req.json, ["KeyId"], invalid);
      const k = key(req);
      if (!k.Rotation) throw new ApiError(400, "UnsupportedOperationException", `${k.KeyMetadata.Arn} key type does not support automatic rotation`);
      return { KeyId: k.KeyMetadata.Arn, ...k.Rotation };
    },
  },
];
