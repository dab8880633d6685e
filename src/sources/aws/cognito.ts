import type { CognitoIdentityProviderClient, DescribeUserPoolCommandOutput, UserPoolDescriptionType, UserPoolType } from "@aws-sdk/client-cognito-identity-provider";
import { liveResource, pageOf, tokenParam, type CollectorRow } from "./table.js";

/** The pool as the provider's `aws_cognito_user_pool` has it: the settings CB-COG-001..003 read. */
function poolValues(p: UserPoolType): Record<string, unknown> {
  const pw = p.Policies?.PasswordPolicy;
  return {
    mfa_configuration: p.MfaConfiguration ?? "OFF",
    password_policy: pw
      ? [{
        // Left out, the provider default (Cognito's own 8) applies, as in a plan.
        ...(pw.MinimumLength !== undefined ? { minimum_length: pw.MinimumLength } : {}),
        require_uppercase: pw.RequireUppercase ?? false,
        require_lowercase: pw.RequireLowercase ?? false,
        require_numbers: pw.RequireNumbers ?? false,
        require_symbols: pw.RequireSymbols ?? false,
        ...(pw.TemporaryPasswordValidityDays !== undefined ? { temporary_password_validity_days: pw.TemporaryPasswordValidityDays } : {}),
      }]
      : [],
    user_pool_add_ons: p.UserPoolAddOns?.AdvancedSecurityMode ? [{ advanced_security_mode: p.UserPoolAddOns.AdvancedSecurityMode }] : [],
    ...(p.DeletionProtection ? { deletion_protection: p.DeletionProtection } : {}),
    ...(p.UserPoolTier ? { user_pool_tier: p.UserPoolTier } : {}),
  };
}

export const cognitoRows: CollectorRow<UserPoolDescriptionType>[] = [
  {
    service: "cognito-idp",
    clientPackage: "@aws-sdk/client-cognito-identity-provider",
    clientClass: "CognitoIdentityProviderClient",
    operation: "ListUserPools",
    iamAction: "cognito-idp:ListUserPools",
    types: ["aws_cognito_user_pool"],
    paging: { input: "NextToken", output: "NextToken" },
    async list(client, token) {
      const { ListUserPoolsCommand } = await import("@aws-sdk/client-cognito-identity-provider");
      // MaxResults is required by the API (at most 60).
      const out = await (client as CognitoIdentityProviderClient).send(new ListUserPoolsCommand({ MaxResults: 60, ...tokenParam("NextToken", token) }));
      return pageOf(out.UserPools, out.NextToken);
    },
    details: {
      pool: {
        operation: "DescribeUserPool",
        iamAction: "cognito-idp:DescribeUserPool",
        notConfigured: {},
        async call(client, p) {
          const { DescribeUserPoolCommand } = await import("@aws-sdk/client-cognito-identity-provider");
          return (client as CognitoIdentityProviderClient).send(new DescribeUserPoolCommand({ UserPoolId: p.Id }));
        },
      },
    },
    map(p, details, ctx) {
      const got = details.pool;
      const fallbackArn = `arn:aws:cognito-idp:${ctx.region}:${ctx.account}:userpool/${p.Id ?? ""}`;
      if (got && !got.ok) {
        const unreadable = { mfa_configuration: got.reason, password_policy: got.reason, user_pool_add_ons: got.reason };
        return [liveResource("aws_cognito_user_pool", fallbackArn, { arn: fallbackArn, id: p.Id, name: p.Name }, ctx, "cognito-idp:ListUserPools", unreadable)];
      }
      const pool = (got?.value as DescribeUserPoolCommandOutput | undefined)?.UserPool ?? {};
      const arn = pool.Arn ?? fallbackArn;
      return [liveResource("aws_cognito_user_pool", arn, { arn, id: p.Id, name: p.Name, ...poolValues(pool) }, ctx, "cognito-idp:DescribeUserPool")];
    },
  } satisfies CollectorRow<UserPoolDescriptionType>,
];
