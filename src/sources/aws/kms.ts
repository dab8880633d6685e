import type { DescribeKeyResponse, GetKeyRotationStatusResponse, KeyListEntry, KMSClient } from "@aws-sdk/client-kms";
import { liveResource, pageOf, tokenParam, type CollectorRow } from "./table.js";

export const kmsRows: CollectorRow<KeyListEntry>[] = [
  {
    service: "kms",
    clientPackage: "@aws-sdk/client-kms",
    clientClass: "KMSClient",
    operation: "ListKeys",
    iamAction: "kms:ListKeys",
    types: ["aws_kms_key"],
    paging: { input: "Marker", output: "NextMarker" },
    async list(client, token) {
      const { ListKeysCommand } = await import("@aws-sdk/client-kms");
      const out = await (client as KMSClient).send(new ListKeysCommand({ Limit: 1000, ...tokenParam("Marker", token) }));
      return pageOf(out.Keys, out.Truncated ? out.NextMarker : undefined);
    },
    details: {
      describe: {
        operation: "DescribeKey",
        iamAction: "kms:DescribeKey",
        notConfigured: {},
        async call(client, k) {
          const { DescribeKeyCommand } = await import("@aws-sdk/client-kms");
          return (client as KMSClient).send(new DescribeKeyCommand({ KeyId: k.KeyId }));
        },
      },
      rotation: {
        operation: "GetKeyRotationStatus",
        iamAction: "kms:GetKeyRotationStatus",
        // Asymmetric, HMAC and imported keys cannot rotate automatically.
        notConfigured: { UnsupportedOperationException: null },
        async call(client, k) {
          const { GetKeyRotationStatusCommand } = await import("@aws-sdk/client-kms");
          return (client as KMSClient).send(new GetKeyRotationStatusCommand({ KeyId: k.KeyId }));
        },
      },
    },
    map(k, details, ctx) {
      const arn = k.KeyArn ?? `arn:aws:kms:${ctx.region}:${ctx.account}:key/${k.KeyId ?? ""}`;
      const { describe, rotation } = details;
      if (!describe?.ok) {
        // Whose key it is, and its spec, are unknown: nothing about it can be judged.
        return [liveResource("aws_kms_key", arn, { arn, key_id: k.KeyId }, ctx, "kms:DescribeKey", { "*": describe?.reason ?? "not read" })];
      }
      const m = (describe.value as DescribeKeyResponse).KeyMetadata;
      // AWS managed keys (alias/aws/…) are no aws_kms_key; keys being deleted or imported (aws_kms_external_key) neither.
      if (!m || m.KeyManager === "AWS" || m.Origin === "EXTERNAL" || m.KeyState?.startsWith("Pending")) return [];
      const values: Record<string, unknown> = {
        arn,
        id: m.KeyId,
        key_id: m.KeyId,
        description: m.Description ?? "",
        key_usage: m.KeyUsage,
        customer_master_key_spec: m.KeySpec ?? m.CustomerMasterKeySpec,
        is_enabled: m.Enabled ?? false,
        multi_region: m.MultiRegion ?? false,
      };
      if (!rotation?.ok) return [liveResource("aws_kms_key", arn, values, ctx, "kms:GetKeyRotationStatus", { enable_key_rotation: rotation?.reason ?? "not read" })];
      const r = rotation.value as GetKeyRotationStatusResponse | null;
      values.enable_key_rotation = r?.KeyRotationEnabled ?? false;
      if (r?.RotationPeriodInDays !== undefined) values.rotation_period_in_days = r.RotationPeriodInDays;
      return [liveResource("aws_kms_key", arn, values, ctx, "kms:DescribeKey")];
    },
  } satisfies CollectorRow<KeyListEntry>,
];
