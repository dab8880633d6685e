import type { Bucket, GetBucketEncryptionCommandOutput, GetBucketVersioningCommandOutput, S3Client } from "@aws-sdk/client-s3";
import type { Resource } from "../../model/resource.js";
import { liveResource, type CollectorRow } from "./table.js";

export const s3Rows: CollectorRow<Bucket>[] = [
  {
    service: "s3",
    clientPackage: "@aws-sdk/client-s3",
    clientClass: "S3Client",
    operation: "ListBuckets",
    iamAction: "s3:ListAllMyBuckets",
    types: ["aws_s3_bucket", "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_versioning"],
    paging: { input: "ContinuationToken", output: "ContinuationToken" },
    global: true,
    async list(client, token) {
      const { ListBucketsCommand } = await import("@aws-sdk/client-s3");
      const out = await (client as S3Client).send(new ListBucketsCommand({ ...(token ? { ContinuationToken: token } : {}) }));
      return { items: out.Buckets ?? [], ...(out.ContinuationToken ? { next: out.ContinuationToken } : {}) };
    },
    regionOf: {
      operation: "GetBucketLocation",
      iamAction: "s3:GetBucketLocation",
      async call(client, b) {
        const { GetBucketLocationCommand } = await import("@aws-sdk/client-s3");
        const out = await (client as S3Client).send(new GetBucketLocationCommand({ Bucket: b.Name }));
        const c = out.LocationConstraint as string | undefined;
        return !c ? "us-east-1" : c === "EU" ? "eu-west-1" : c;
      },
    },
    details: {
      encryption: {
        operation: "GetBucketEncryption",
        iamAction: "s3:GetEncryptionConfiguration",
        notConfigured: { ServerSideEncryptionConfigurationNotFoundError: null },
        async call(client, b) {
          const { GetBucketEncryptionCommand } = await import("@aws-sdk/client-s3");
          return (client as S3Client).send(new GetBucketEncryptionCommand({ Bucket: b.Name }));
        },
      },
      versioning: {
        operation: "GetBucketVersioning",
        iamAction: "s3:GetBucketVersioning",
        notConfigured: {},
        async call(client, b) {
          const { GetBucketVersioningCommand } = await import("@aws-sdk/client-s3");
          return (client as S3Client).send(new GetBucketVersioningCommand({ Bucket: b.Name }));
        },
      },
    },
    map(b, details, ctx) {
      const name = b.Name ?? "";
      const arn = `arn:aws:s3:::${name}`;
      const out: Resource[] = [liveResource("aws_s3_bucket", arn, { arn, id: name, bucket: name }, ctx, "s3:ListBuckets")];
      const enc = details.encryption;
      if (enc && !enc.ok) {
        out.push(liveResource("aws_s3_bucket_server_side_encryption_configuration", `${arn}?encryption`, { bucket: name }, ctx, "s3:GetBucketEncryption", { rule: enc.reason }));
      } else if (enc?.ok && enc.value !== null) {
        const rules = (enc.value as GetBucketEncryptionCommandOutput).ServerSideEncryptionConfiguration?.Rules ?? [];
        const rule = rules.map((r) => ({
          apply_server_side_encryption_by_default: r.ApplyServerSideEncryptionByDefault
            ? [{ sse_algorithm: r.ApplyServerSideEncryptionByDefault.SSEAlgorithm, kms_master_key_id: r.ApplyServerSideEncryptionByDefault.KMSMasterKeyID ?? "" }]
            : [],
          bucket_key_enabled: r.BucketKeyEnabled ?? false,
        }));
        out.push(liveResource("aws_s3_bucket_server_side_encryption_configuration", `${arn}?encryption`, { bucket: name, rule }, ctx, "s3:GetBucketEncryption"));
      }
      const ver = details.versioning;
      if (ver && !ver.ok) {
        out.push(liveResource("aws_s3_bucket_versioning", `${arn}?versioning`, { bucket: name }, ctx, "s3:GetBucketVersioning", { versioning_configuration: ver.reason }));
      } else if (ver?.ok) {
        const v = ver.value as GetBucketVersioningCommandOutput;
        const values = { bucket: name, versioning_configuration: [{ status: v.Status ?? "Disabled", mfa_delete: v.MFADelete ?? "Disabled" }] };
        out.push(liveResource("aws_s3_bucket_versioning", `${arn}?versioning`, values, ctx, "s3:GetBucketVersioning"));
      }
      return out;
    },
  } satisfies CollectorRow<Bucket>,
];
