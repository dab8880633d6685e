import type { SecretListEntry, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Resource } from "../../model/resource.js";
import { liveResource, pageOf, tokenParam, type CollectorRow } from "./table.js";

export const secretsmanagerRows: CollectorRow<SecretListEntry>[] = [
  {
    service: "secretsmanager",
    clientPackage: "@aws-sdk/client-secrets-manager",
    clientClass: "SecretsManagerClient",
    operation: "ListSecrets",
    iamAction: "secretsmanager:ListSecrets",
    types: ["aws_secretsmanager_secret", "aws_secretsmanager_secret_rotation"],
    paging: { input: "NextToken", output: "NextToken" },
    async list(client, token) {
      const { ListSecretsCommand } = await import("@aws-sdk/client-secrets-manager");
      const out = await (client as SecretsManagerClient).send(new ListSecretsCommand({ MaxResults: 100, ...tokenParam("NextToken", token) }));
      return pageOf(out.SecretList, out.NextToken);
    },
    map(s, _details, ctx) {
      const arn = s.ARN ?? "";
      // No KmsKeyId: the secret uses the AWS managed key aws/secretsmanager, as kms_key_id unset does.
      const secret: Record<string, unknown> = { arn, id: arn, name: s.Name, ...(s.KmsKeyId ? { kms_key_id: s.KmsKeyId } : {}), ...(s.Description ? { description: s.Description } : {}) };
      const out: Resource[] = [liveResource("aws_secretsmanager_secret", arn, secret, ctx, "secretsmanager:ListSecrets")];
      if (s.RotationEnabled) {
        const r = s.RotationRules;
        const rotation = {
          id: arn,
          secret_id: arn,
          rotation_lambda_arn: s.RotationLambdaARN ?? "",
          rotation_rules: r ? [{ automatically_after_days: r.AutomaticallyAfterDays ?? 0, duration: r.Duration ?? "", schedule_expression: r.ScheduleExpression ?? "" }] : [],
        };
        out.push(liveResource("aws_secretsmanager_secret_rotation", `${arn}?rotation`, rotation, ctx, "secretsmanager:ListSecrets"));
      }
      return out;
    },
  } satisfies CollectorRow<SecretListEntry>,
];
