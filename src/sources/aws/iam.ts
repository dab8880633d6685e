import type { GetPolicyVersionResponse, GetRolePolicyResponse, IAMClient, Policy, Role } from "@aws-sdk/client-iam";
import type { Resource } from "../../model/resource.js";
import { allPages, liveResource, pageOf, sharedPerItem, tokenParam, type CollectorRow } from "./table.js";

/** IAM returns policy documents URL-encoded (RFC 3986); the canonical `policy` is the JSON text. */
const decoded = (doc: string | undefined) => (doc === undefined ? undefined : decodeURIComponent(doc));

const policies: CollectorRow<Policy> = {
  service: "iam",
  clientPackage: "@aws-sdk/client-iam",
  clientClass: "IAMClient",
  operation: "ListPolicies",
  iamAction: "iam:ListPolicies",
  types: ["aws_iam_policy"],
  paging: { input: "Marker", output: "Marker" },
  global: true,
  async list(client, token) {
    const { ListPoliciesCommand } = await import("@aws-sdk/client-iam");
    // Local: the account's own policies; AWS managed ones are not the team's to fix.
    const out = await (client as IAMClient).send(new ListPoliciesCommand({ Scope: "Local", MaxItems: 1000, ...tokenParam("Marker", token) }));
    return pageOf(out.Policies, out.IsTruncated ? out.Marker : undefined);
  },
  details: {
    document: {
      operation: "GetPolicyVersion",
      iamAction: "iam:GetPolicyVersion",
      notConfigured: {},
      async call(client, p) {
        const { GetPolicyVersionCommand } = await import("@aws-sdk/client-iam");
        return (client as IAMClient).send(new GetPolicyVersionCommand({ PolicyArn: p.Arn, VersionId: p.DefaultVersionId }));
      },
    },
  },
  map(p, details, ctx) {
    const arn = p.Arn ?? "";
    const values: Record<string, unknown> = { arn, id: arn, name: p.PolicyName, path: p.Path ?? "/", policy_id: p.PolicyId };
    const doc = details.document;
    if (!doc?.ok) return [liveResource("aws_iam_policy", arn, values, ctx, "iam:GetPolicyVersion", { policy: doc?.reason ?? "not read" })];
    values.policy = decoded((doc.value as GetPolicyVersionResponse).PolicyVersion?.Document) ?? "";
    return [liveResource("aws_iam_policy", arn, values, ctx, "iam:GetPolicyVersion")];
  },
};

const inlineNames = sharedPerItem(async (client: unknown, r: Role): Promise<string[]> => {
  const { ListRolePoliciesCommand } = await import("@aws-sdk/client-iam");
  return allPages(async (marker) => {
    const out = await (client as IAMClient).send(new ListRolePoliciesCommand({ RoleName: r.RoleName, MaxItems: 1000, ...tokenParam("Marker", marker) }));
    return pageOf(out.PolicyNames, out.IsTruncated ? out.Marker : undefined);
  });
});

/** Each role's inline policies (aws_iam_role_policy); the roles themselves no rule reads. */
const rolePolicies: CollectorRow<Role> = {
  service: "iam",
  clientPackage: "@aws-sdk/client-iam",
  clientClass: "IAMClient",
  operation: "ListRoles",
  iamAction: "iam:ListRoles",
  types: ["aws_iam_role_policy"],
  paging: { input: "Marker", output: "Marker" },
  global: true,
  async list(client, token) {
    const { ListRolesCommand } = await import("@aws-sdk/client-iam");
    const out = await (client as IAMClient).send(new ListRolesCommand({ MaxItems: 1000, ...tokenParam("Marker", token) }));
    return pageOf(out.Roles, out.IsTruncated ? out.Marker : undefined);
  },
  details: {
    names: { operation: "ListRolePolicies", iamAction: "iam:ListRolePolicies", notConfigured: {}, call: inlineNames },
    documents: {
      operation: "GetRolePolicy",
      iamAction: "iam:GetRolePolicy",
      notConfigured: {},
      async call(client, r) {
        const { GetRolePolicyCommand } = await import("@aws-sdk/client-iam");
        const names = await inlineNames(client, r);
        return Promise.all(names.map((PolicyName) => (client as IAMClient).send(new GetRolePolicyCommand({ RoleName: r.RoleName, PolicyName }))));
      },
    },
  },
  map(r, details, ctx) {
    const role = r.RoleName ?? "";
    const at = (name: string) => `${r.Arn ?? role}?policy=${name}`;
    const { names, documents } = details;
    // Which inline policies the role has is unknown: one stand-in keeps the rule from passing.
    if (!names?.ok) return [liveResource("aws_iam_role_policy", at("*"), { role }, ctx, "iam:ListRolePolicies", { policy: names?.reason ?? "not read" })];
    return (names.value as string[]).map((name): Resource => {
      const values = { id: `${role}:${name}`, name, role };
      if (!documents?.ok) return liveResource("aws_iam_role_policy", at(name), values, ctx, "iam:GetRolePolicy", { policy: documents?.reason ?? "not read" });
      const got = (documents.value as GetRolePolicyResponse[]).find((d) => d.PolicyName === name);
      return liveResource("aws_iam_role_policy", at(name), { ...values, policy: decoded(got?.PolicyDocument) ?? "" }, ctx, "iam:GetRolePolicy");
    });
  },
};

/** IAM (global): rows of the collector table. */
export const iamRows: CollectorRow<never>[] = [policies, rolePolicies] as unknown as CollectorRow<never>[];
