/**
 * AWS::IAM::Policy and AWS::IAM::Role (global, awsRegion `global`): Config keeps them as
 * GetAccountAuthorizationDetails does, in the Java model's names, with every policy version's and
 * every inline policy's document, URL-encoded as IAM itself returns them. A document the item does
 * not carry is read with the detail call instead.
 */
import { apiNames, configuration, without, type ConfigItem, type ConfigType } from "./items.js";

type Api = Record<string, unknown>;

interface PolicyVersion {
  document?: string;
  versionId?: string;
  isDefaultVersion?: boolean;
}

/** The policy's default version, as GetPolicyVersion returns it. */
function defaultVersion(ci: ConfigItem): { value: unknown } | undefined {
  const c = configuration(ci);
  const versions = (c.policyVersionList as PolicyVersion[] | undefined) ?? [];
  const v = versions.find((x) => x.isDefaultVersion === true) ?? versions.find((x) => x.versionId === c.defaultVersionId);
  if (v?.document === undefined) return undefined;
  return { value: { PolicyVersion: { Document: v.document, VersionId: v.versionId, IsDefaultVersion: v.isDefaultVersion ?? true } } };
}

export const iamPolicy: ConfigType = {
  resourceType: "AWS::IAM::Policy",
  service: "iam",
  operation: "ListPolicies",
  items: (ci) => {
    const p = apiNames(without(configuration(ci), ["policyVersionList"])) as Api;
    return [{ ...p, Arn: p.Arn ?? ci.arn }];
  },
  details: { GetPolicyVersion: defaultVersion },
};

interface InlinePolicy {
  policyName?: string;
  policyDocument?: string;
}

/** The role's inline policies, or undefined when the item has no list of them. */
function inline(ci: ConfigItem): InlinePolicy[] | undefined {
  return configuration(ci).rolePolicyList as InlinePolicy[] | undefined;
}

export const iamRole: ConfigType = {
  resourceType: "AWS::IAM::Role",
  service: "iam",
  operation: "ListRoles",
  items: (ci) => {
    const r = apiNames(without(configuration(ci), ["rolePolicyList", "instanceProfileList", "attachedManagedPolicies"])) as Api;
    return [{ ...r, Arn: r.Arn ?? ci.arn }];
  },
  details: {
    ListRolePolicies: (ci) => {
      const list = inline(ci);
      return list && { value: list.map((p) => p.policyName) };
    },
    GetRolePolicy: (ci) => {
      const list = inline(ci);
      const role = configuration(ci).roleName;
      return list && { value: list.map((p) => ({ RoleName: role, PolicyName: p.policyName, PolicyDocument: p.policyDocument })) };
    },
  },
};
