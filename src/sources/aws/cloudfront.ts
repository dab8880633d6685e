import type {
  CacheBehavior, CloudFrontClient, DefaultCacheBehavior, DistributionConfig, DistributionSummary, GetDistributionConfigCommandOutput, Origin,
} from "@aws-sdk/client-cloudfront";
import { liveResource, pageOf, tokenParam, type CollectorRow } from "./table.js";

/** What the summary and the full configuration both describe, with the same member names. */
type Shared = Pick<DistributionConfig, "Origins" | "DefaultCacheBehavior" | "CacheBehaviors" | "PriceClass" | "ViewerCertificate" | "Aliases" | "Enabled" | "HttpVersion" | "IsIPV6Enabled" | "WebACLId" | "Comment">;

function origin(o: Origin): Record<string, unknown> {
  const oai = o.S3OriginConfig?.OriginAccessIdentity ?? "";
  const c = o.CustomOriginConfig;
  return {
    origin_id: o.Id,
    domain_name: o.DomainName,
    origin_path: o.OriginPath ?? "",
    origin_access_control_id: o.OriginAccessControlId ?? "",
    // An origin using an origin access control still carries an empty S3OriginConfig; the provider shows none.
    s3_origin_config: oai ? [{ origin_access_identity: oai }] : [],
    custom_origin_config: c
      ? [{ http_port: c.HTTPPort, https_port: c.HTTPSPort, origin_protocol_policy: c.OriginProtocolPolicy, origin_ssl_protocols: c.OriginSslProtocols?.Items ?? [] }]
      : [],
  };
}

function behavior(b: DefaultCacheBehavior | CacheBehavior): Record<string, unknown> {
  return {
    target_origin_id: b.TargetOriginId,
    viewer_protocol_policy: b.ViewerProtocolPolicy,
    allowed_methods: b.AllowedMethods?.Items ?? [],
    cached_methods: b.AllowedMethods?.CachedMethods?.Items ?? [],
    compress: b.Compress ?? false,
    cache_policy_id: b.CachePolicyId ?? "",
    origin_request_policy_id: b.OriginRequestPolicyId ?? "",
    response_headers_policy_id: b.ResponseHeadersPolicyId ?? "",
  };
}

function distributionValues(c: Shared): Record<string, unknown> {
  const v = c.ViewerCertificate;
  return {
    enabled: c.Enabled,
    comment: c.Comment ?? "",
    aliases: c.Aliases?.Items ?? [],
    price_class: c.PriceClass,
    http_version: c.HttpVersion,
    is_ipv6_enabled: c.IsIPV6Enabled ?? false,
    web_acl_id: c.WebACLId ?? "",
    origin: (c.Origins?.Items ?? []).map(origin),
    default_cache_behavior: c.DefaultCacheBehavior ? [behavior(c.DefaultCacheBehavior)] : [],
    ordered_cache_behavior: (c.CacheBehaviors?.Items ?? []).map((b) => ({ path_pattern: b.PathPattern, ...behavior(b) })),
    viewer_certificate: v
      ? [{
        acm_certificate_arn: v.ACMCertificateArn ?? "",
        cloudfront_default_certificate: v.CloudFrontDefaultCertificate ?? false,
        iam_certificate_id: v.IAMCertificateId ?? "",
        minimum_protocol_version: v.MinimumProtocolVersion,
        ssl_support_method: v.SSLSupportMethod ?? "",
      }]
      : [],
  };
}

/** Standard logging: the provider keeps a logging_config block only while logging is on. */
function loggingConfig(c: DistributionConfig): Record<string, unknown>[] {
  const l = c.Logging;
  return l?.Enabled ? [{ bucket: l.Bucket, prefix: l.Prefix ?? "", include_cookies: l.IncludeCookies ?? false }] : [];
}

export const cloudfrontRows: CollectorRow<DistributionSummary>[] = [
  {
    service: "cloudfront",
    clientPackage: "@aws-sdk/client-cloudfront",
    clientClass: "CloudFrontClient",
    operation: "ListDistributions",
    iamAction: "cloudfront:ListDistributions",
    types: ["aws_cloudfront_distribution"],
    paging: { input: "Marker", output: "NextMarker" },
    global: true,
    async list(client, token) {
      const { ListDistributionsCommand } = await import("@aws-sdk/client-cloudfront");
      const out = await (client as CloudFrontClient).send(new ListDistributionsCommand({ ...tokenParam("Marker", token) }));
      const l = out.DistributionList;
      return pageOf(l?.Items, l?.IsTruncated ? l.NextMarker : undefined);
    },
    details: {
      config: {
        operation: "GetDistributionConfig",
        iamAction: "cloudfront:GetDistributionConfig",
        notConfigured: {},
        async call(client, d) {
          const { GetDistributionConfigCommand } = await import("@aws-sdk/client-cloudfront");
          return (client as CloudFrontClient).send(new GetDistributionConfigCommand({ Id: d.Id }));
        },
      },
    },
    map(d, details, ctx) {
      const arn = d.ARN ?? `arn:aws:cloudfront::${ctx.account}:distribution/${d.Id ?? ""}`;
      const base = { arn, id: d.Id, domain_name: d.DomainName, status: d.Status };
      const cfg = details.config;
      const config = cfg?.ok ? (cfg.value as GetDistributionConfigCommandOutput).DistributionConfig : undefined;
      if (config) {
        return [liveResource("aws_cloudfront_distribution", arn, { ...base, ...distributionValues(config), logging_config: loggingConfig(config) }, ctx, "cloudfront:GetDistributionConfig")];
      }
      // Without the configuration the summary still tells origins, behaviors and certificate; only logging is unknown.
      const unreadable = cfg && !cfg.ok ? { logging_config: cfg.reason } : undefined;
      return [liveResource("aws_cloudfront_distribution", arn, { ...base, ...distributionValues(d) }, ctx, "cloudfront:ListDistributions", unreadable)];
    },
  } satisfies CollectorRow<DistributionSummary>,
];
