import { globalData, type ApiObject } from "../account.js";
import { decodeToken, intParam, page, rejectUnsupported, type Operation, type OpRequest } from "../operations.js";
import { ApiError, SERVICES } from "../protocols.js";
import { members, type XmlNaming } from "../xml.js";

/** One distribution as GetDistribution describes it: its summary members and its DistributionConfig. */
export interface CloudFrontDistribution {
  Id: string;
  ARN: string;
  Status: string;
  LastModifiedTime: string;
  DomainName: string;
  DistributionConfig: ApiObject;
}

/** fixtures/aws/<account>/cloudfront.json `global` (CloudFront is a global service). */
export interface CloudFrontGlobal {
  Distributions: CloudFrontDistribution[];
}

const CF_NS = SERVICES.cloudfront?.xmlns ?? "";

/**
 * Every CloudFront list is `{ Quantity, Items }`; each entry's element is the list member's
 * locationName, which depends on the list's parent (Origins → Origin, Aliases → CNAME).
 */
const ENTRY_NAMES: Record<string, string> = {
  DistributionList: "DistributionSummary",
  Aliases: "CNAME",
  Origins: "Origin",
  CustomHeaders: "OriginCustomHeader",
  OriginSslProtocols: "SslProtocol",
  OriginGroups: "OriginGroup",
  StatusCodes: "StatusCode",
  Members: "OriginGroupMember",
  CacheBehaviors: "CacheBehavior",
  TrustedSigners: "AwsAccountNumber",
  TrustedKeyGroups: "KeyGroup",
  AllowedMethods: "Method",
  CachedMethods: "Method",
  LambdaFunctionAssociations: "LambdaFunctionAssociation",
  FunctionAssociations: "FunctionAssociation",
  Headers: "Name",
  WhitelistedNames: "Name",
  QueryStringCacheKeys: "Name",
  CustomErrorResponses: "CustomErrorResponse",
  GeoRestriction: "Location",
};

/** `Items` keys become `Items|<entry>` so the naming below knows each entry's element. */
function tagItems(v: unknown, parent: string): unknown {
  if (Array.isArray(v)) return v.map((e) => tagItems(e, parent));
  if (v === null || typeof v !== "object") return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => {
    if (k !== "Items") return [k, tagItems(x, k)];
    const entry = ENTRY_NAMES[parent];
    if (!entry) throw new Error(`the test endpoint does not know the entries of ${parent}.Items`);
    return [`Items|${entry}`, tagItems(x, entry)];
  }));
}

const cloudfrontNaming: XmlNaming = {
  element: (_parent, key) => key.split("|")[0] ?? key,
  listMember: (key) => key.split("|")[1] ?? "member",
};

function cfDoc(root: string, body: ApiObject): { xml: string } {
  const tagged = tagItems(body, root) as ApiObject;
  return { xml: `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${CF_NS}">${members(tagged, cloudfrontNaming)}</${root}>` };
}

/** The DistributionSummary members ListDistributions shows of a distribution's configuration. */
const SUMMARY_MEMBERS = [
  "Aliases", "Origins", "OriginGroups", "DefaultCacheBehavior", "CacheBehaviors", "CustomErrorResponses", "Comment", "PriceClass", "Enabled",
  "ViewerCertificate", "Restrictions", "WebACLId", "HttpVersion", "IsIPV6Enabled", "Staging",
];

function summary(d: CloudFrontDistribution): ApiObject {
  const fromConfig = Object.fromEntries(SUMMARY_MEMBERS.filter((k) => k in d.DistributionConfig).map((k) => [k, d.DistributionConfig[k]]));
  return { Id: d.Id, ARN: d.ARN, Status: d.Status, LastModifiedTime: d.LastModifiedTime, DomainName: d.DomainName, ...fromConfig };
}

const invalid = (m: string) => new ApiError(400, "InvalidArgument", m);
const distributions = (req: OpRequest) => globalData<CloudFrontGlobal>(req.account, "cloudfront").Distributions ?? [];

export const cloudfrontOperations: Operation[] = [
  {
    service: "cloudfront",
    action: "ListDistributions",
    iamAction: "cloudfront:ListDistributions",
    rest: { method: "GET", path: "/2020-05-31/distribution" },
    handler: (req) => {
      rejectUnsupported(req.params, ["Marker", "MaxItems"], invalid);
      const max = intParam(req.params.MaxItems, "MaxItems", 1, 1000, 100, invalid);
      const offset = decodeToken(req, req.params.Marker, () => invalid("The marker is not valid."));
      const p = page(req, distributions(req), offset, max);
      return cfDoc("DistributionList", {
        Marker: req.params.Marker ?? "",
        ...(p.next ? { NextMarker: p.next } : {}),
        MaxItems: max,
        IsTruncated: p.next !== undefined,
        Quantity: p.items.length,
        ...(p.items.length > 0 ? { Items: p.items.map(summary) } : {}),
      });
    },
  },
  {
    service: "cloudfront",
    action: "GetDistributionConfig",
    iamAction: "cloudfront:GetDistributionConfig",
    rest: { method: "GET", path: "/2020-05-31/distribution/{Id}/config" },
    handler: (req) => {
      rejectUnsupported(req.params, [], invalid);
      const d = distributions(req).find((x) => x.Id === req.path.Id);
      if (!d) throw new ApiError(404, "NoSuchDistribution", "The specified distribution does not exist.");
      return cfDoc("DistributionConfig", d.DistributionConfig);
    },
  },
];
