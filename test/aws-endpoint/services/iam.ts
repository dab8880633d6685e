import { globalData, type ApiObject } from "../account.js";
import { decodeToken, intParam, page, rejectUnsupported, type Operation, type OpRequest } from "../operations.js";
import { ApiError } from "../protocols.js";

/**
 * fixtures/aws/<account>/iam.json, global. Policy documents are written as JSON objects and served
 * URL-encoded, as IAM returns them.
 */
export interface IamGlobal {
  /** ListPolicies members, each with `Versions`: GetPolicyVersion `PolicyVersion`s. */
  Policies: (ApiObject & { Arn: string; Versions: (ApiObject & { VersionId: string; Document: unknown })[] })[];
  /** ListRoles members, each with `RolePolicies`: GetRolePolicy outputs (without RoleName). */
  Roles: (ApiObject & { RoleName: string; AssumeRolePolicyDocument?: unknown; RolePolicies?: { PolicyName: string; PolicyDocument: unknown }[] })[];
}

const invalid = (m: string) => new ApiError(400, "ValidationError", m);
const noSuch = (m: string) => new ApiError(404, "NoSuchEntity", m);
const encoded = (doc: unknown): string => encodeURIComponent(typeof doc === "string" ? doc : JSON.stringify(doc));

function iam(req: OpRequest): Partial<IamGlobal> {
  return globalData<IamGlobal>(req.account, "iam");
}

/** IAM paging: `Marker`/`MaxItems` in, `IsTruncated`/`Marker` out. */
function iamPage<T>(req: OpRequest, items: T[]): { page: T[]; IsTruncated: boolean; Marker?: string } {
  const max = intParam(req.params.MaxItems, "MaxItems", 1, 1000, 100, invalid);
  const offset = decodeToken(req, req.params.Marker, () => invalid("Invalid Marker"));
  const p = page(req, items, offset, max);
  return { page: p.items, IsTruncated: p.next !== undefined, ...(p.next ? { Marker: p.next } : {}) };
}

function role(req: OpRequest): IamGlobal["Roles"][number] {
  const name = req.params.RoleName;
  const found = (iam(req).Roles ?? []).find((r) => r.RoleName === name);
  if (!found) throw noSuch(`The role with name ${name ?? ""} cannot be found.`);
  return found;
}

const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:/;

export const iamOperations: Operation[] = [
  {
    service: "iam",
    action: "ListPolicies",
    iamAction: "iam:ListPolicies",
    handler: (req) => {
      rejectUnsupported(req.params, ["Scope", "Marker", "MaxItems"], invalid);
      const scope = req.params.Scope ?? "All";
      if (!["All", "AWS", "Local"].includes(scope)) throw invalid(`Scope must be All, AWS or Local, got ${scope}`);
      const all = (iam(req).Policies ?? []).filter((p) => scope === "All" || AWS_MANAGED.test(p.Arn) === (scope === "AWS"));
      const { page: items, ...rest } = iamPage(req, all.map((p) => {
        const member: ApiObject = { ...p };
        delete member.Versions;
        return member;
      }));
      return { Policies: items, ...rest };
    },
  },
  {
    service: "iam",
    action: "GetPolicyVersion",
    iamAction: "iam:GetPolicyVersion",
    handler: (req) => {
      rejectUnsupported(req.params, ["PolicyArn", "VersionId"], invalid);
      const policy = (iam(req).Policies ?? []).find((p) => p.Arn === req.params.PolicyArn);
      const version = policy?.Versions.find((v) => v.VersionId === req.params.VersionId);
      if (!version) throw noSuch(`Policy ${req.params.PolicyArn ?? ""} version ${req.params.VersionId ?? ""} does not exist or is not attachable.`);
      return { PolicyVersion: { ...version, Document: encoded(version.Document) } };
    },
  },
  {
    service: "iam",
    action: "ListRoles",
    iamAction: "iam:ListRoles",
    handler: (req) => {
      rejectUnsupported(req.params, ["Marker", "MaxItems"], invalid);
      const { page: items, ...rest } = iamPage(req, (iam(req).Roles ?? []).map((r) => {
        const member: ApiObject = { ...r, ...(r.AssumeRolePolicyDocument !== undefined ? { AssumeRolePolicyDocument: encoded(r.AssumeRolePolicyDocument) } : {}) };
        delete member.RolePolicies;
        return member;
      }));
      return { Roles: items, ...rest };
    },
  },
  {
    service: "iam",
    action: "ListRolePolicies",
    iamAction: "iam:ListRolePolicies",
    handler: (req) => {
      rejectUnsupported(req.params, ["RoleName", "Marker", "MaxItems"], invalid);
      const { page: items, ...rest } = iamPage(req, (role(req).RolePolicies ?? []).map((p) => p.PolicyName));
      return { PolicyNames: items, ...rest };
    },
  },
  {
    service: "iam",
    action: "GetRolePolicy",
    iamAction: "iam:GetRolePolicy",
    handler: (req) => {
      rejectUnsupported(req.params, ["RoleName", "PolicyName"], invalid);
      const r = role(req);
      const p = (r.RolePolicies ?? []).find((x) => x.PolicyName === req.params.PolicyName);
      if (!p) throw noSuch(`The role policy with name ${req.params.PolicyName ?? ""} cannot be found.`);
      return { RoleName: r.RoleName, PolicyName: p.PolicyName, PolicyDocument: encoded(p.PolicyDocument) };
    },
  },
];
