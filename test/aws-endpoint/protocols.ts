import { escapeXml } from "./xml.js";

export type Protocol = "query" | "ec2" | "json" | "rest-xml" | "rest-json";

type FaultAnswer = [status: number, code: string];

export interface ServiceInfo {
  protocol: Protocol;
  /** query/ec2: the `Version` form parameter the SDK sends. */
  version?: string;
  /** query/ec2/rest-xml: the response namespace. */
  xmlns?: string;
  /** json: the `X-Amz-Target` prefix before the last dot. */
  targetPrefix?: string;
  /** json: 1.0 or 1.1 (content type `application/x-amz-json-<v>`). */
  jsonVersion?: "1.0" | "1.1";
  /** json 1.0 services that moved from awsQuery: errors also carry `x-amzn-query-error: Code;Sender`. */
  queryCompatible?: boolean;
  /** Where a service answers a fault differently from its protocol's usual (status, error code). */
  faults?: Partial<Record<"AccessDenied" | "Throttling" | "5xx", FaultAnswer>>;
}

/** Keyed by the SigV4 signing name (the credential scope's service). */
export const SERVICES: Record<string, ServiceInfo> = {
  sts: { protocol: "query", version: "2011-06-15", xmlns: "https://sts.amazonaws.com/doc/2011-06-15/" },
  rds: { protocol: "query", version: "2014-10-31", xmlns: "http://rds.amazonaws.com/doc/2014-10-31/" },
  iam: { protocol: "query", version: "2010-05-08", xmlns: "https://iam.amazonaws.com/doc/2010-05-08/" },
  sns: { protocol: "query", version: "2010-03-31", xmlns: "http://sns.amazonaws.com/doc/2010-03-31/", faults: { AccessDenied: [403, "AuthorizationError"] } },
  ec2: { protocol: "ec2", version: "2016-11-15", xmlns: "http://ec2.amazonaws.com/doc/2016-11-15/" },
  s3: { protocol: "rest-xml", xmlns: "http://s3.amazonaws.com/doc/2006-03-01/" },
  cloudfront: { protocol: "rest-xml", xmlns: "http://cloudfront.amazonaws.com/doc/2020-05-31/", faults: { Throttling: [400, "Throttling"] } },
  logs: { protocol: "json", targetPrefix: "Logs_20140328" },
  monitoring: { protocol: "json", jsonVersion: "1.0", targetPrefix: "GraniteServiceVersion20100801", queryCompatible: true, faults: { AccessDenied: [403, "AccessDenied"], Throttling: [400, "Throttling"], "5xx": [500, "InternalServiceError"] } },
  config: { protocol: "json", targetPrefix: "StarlingDoveService" },
  cloudtrail: { protocol: "json", targetPrefix: "CloudTrail_20131101" },
  "cognito-idp": { protocol: "json", targetPrefix: "AWSCognitoIdentityProviderService", faults: { Throttling: [400, "TooManyRequestsException"] } },
  kms: { protocol: "json", targetPrefix: "TrentService" },
  secretsmanager: { protocol: "json", targetPrefix: "secretsmanager" },
  events: { protocol: "json", targetPrefix: "AWSEvents" },
  budgets: { protocol: "json", targetPrefix: "AWSBudgetServiceGateway" },
  organizations: { protocol: "json", targetPrefix: "AWSOrganizationsV20161128", faults: { Throttling: [400, "TooManyRequestsException"] } },
  lambda: { protocol: "rest-json", faults: { AccessDenied: [403, "AccessDeniedException"], Throttling: [429, "TooManyRequestsException"], "5xx": [500, "ServiceException"] } },
  backup: { protocol: "rest-json", faults: { AccessDenied: [403, "AccessDeniedException"], Throttling: [429, "ThrottlingException"], "5xx": [500, "ServiceUnavailableException"] } },
  scheduler: { protocol: "rest-json", faults: { AccessDenied: [403, "AccessDeniedException"], Throttling: [429, "ThrottlingException"], "5xx": [500, "InternalServerException"] } },
};

/** An error as the service returns it; `extra` holds additional XML/JSON members (S3 `BucketName`…). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** The error body each protocol uses (the SDK reads the error `name` from it). */
export function errorResponse(service: string, err: ApiError, requestId: string): WireResponse {
  const info = SERVICES[service];
  const msg = escapeXml(err.message);
  const extra = Object.entries(err.extra).map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`).join("");
  switch (info?.protocol) {
    case "ec2":
      return {
        status: err.status,
        headers: { "content-type": "text/xml;charset=UTF-8", ...err.headers },
        body: `${XML_DECL}<Response><Errors><Error><Code>${err.code}</Code><Message>${msg}</Message>${extra}</Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      };
    case "json":
      return {
        status: err.status,
        headers: {
          "content-type": `application/x-amz-json-${info?.jsonVersion ?? "1.1"}`,
          "x-amzn-requestid": requestId,
          ...(info?.queryCompatible ? { "x-amzn-query-error": `${err.code};${err.status >= 500 ? "Receiver" : "Sender"}` } : {}),
          ...err.headers,
        },
        body: JSON.stringify({ __type: err.code, message: err.message, ...err.extra }),
      };
    case "rest-json":
      return {
        status: err.status,
        headers: { "content-type": "application/json", "x-amzn-requestid": requestId, "x-amzn-errortype": err.code, ...err.headers },
        body: JSON.stringify({ message: err.message, ...err.extra }),
      };
    case "rest-xml":
      if (service !== "s3") {
        // CloudFront: the awsQuery-style error document.
        return {
          status: err.status,
          headers: { "content-type": "text/xml", "x-amzn-requestid": requestId, ...err.headers },
          body: `${XML_DECL}<ErrorResponse xmlns="${info?.xmlns ?? ""}"><Error><Type>${err.status >= 500 ? "Receiver" : "Sender"}</Type><Code>${err.code}</Code><Message>${msg}</Message>${extra}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
        };
      }
      return {
        status: err.status,
        headers: { "content-type": "application/xml", "x-amz-request-id": requestId, "x-amz-id-2": hostId(requestId), ...err.headers },
        body: `${XML_DECL}<Error><Code>${err.code}</Code><Message>${msg}</Message>${extra}<RequestId>${requestId}</RequestId><HostId>${hostId(requestId)}</HostId></Error>`,
      };
    default: {
      const type = err.status >= 500 ? "Receiver" : "Sender";
      const ns = info?.xmlns ? ` xmlns="${info.xmlns}"` : "";
      return {
        status: err.status,
        headers: { "content-type": "text/xml", "x-amzn-requestid": requestId, ...err.headers },
        body: `<ErrorResponse${ns}><Error><Type>${type}</Type><Code>${err.code}</Code><Message>${msg}</Message>${extra}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    }
  }
}

export function hostId(requestId: string): string {
  return Buffer.from(requestId).toString("base64");
}

export type FaultKind = "AccessDenied" | "Throttling" | "5xx" | "slow";

/**
 * The error each service really returns for a fault kind (status and code as the service's API
 * reference and observed behaviour give them). `action` is the IAM action, `resource` its ARN.
 */
export function faultError(service: string, kind: Exclude<FaultKind, "slow">, caller: string, action: string, resource: string): ApiError {
  const denied = `User: ${caller} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;
  const info = SERVICES[service];
  const protocol = info?.protocol ?? "query";
  const special = info?.faults?.[kind];
  if (special) return new ApiError(special[0], special[1], kind === "AccessDenied" ? denied : special[1] === "Throttling" || kind === "Throttling" ? "Rate exceeded" : "Internal failure");
  if (kind === "AccessDenied") {
    switch (protocol) {
      case "ec2":
        return new ApiError(403, "UnauthorizedOperation", `You are not authorized to perform this operation. ${denied}`);
      case "json":
      case "rest-json":
        return new ApiError(400, "AccessDeniedException", denied);
      case "rest-xml":
        return new ApiError(403, "AccessDenied", denied);
      default:
        return new ApiError(403, "AccessDenied", denied);
    }
  }
  if (kind === "Throttling") {
    switch (protocol) {
      case "ec2":
        return new ApiError(503, "RequestLimitExceeded", "Request limit exceeded.");
      case "json":
      case "rest-json":
        return new ApiError(400, "ThrottlingException", "Rate exceeded");
      case "rest-xml":
        return new ApiError(503, "SlowDown", "Please reduce your request rate.");
      default:
        return new ApiError(400, "Throttling", "Rate exceeded");
    }
  }
  switch (protocol) {
    case "ec2":
      return new ApiError(500, "InternalError", "An internal error has occurred");
    case "json":
    case "rest-json":
      return new ApiError(500, "ServiceUnavailableException", "The service cannot complete the request.");
    case "rest-xml":
      return new ApiError(500, "InternalError", "We encountered an internal error. Please try again.");
    default:
      return new ApiError(500, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.");
  }
}
