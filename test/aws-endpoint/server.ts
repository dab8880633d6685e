/**
 * A local AWS endpoint for tests: the real SDK v3 clients talk HTTP to it on 127.0.0.1 and it answers
 * in each service's own wire protocol from an account snapshot (fixtures/aws/), recording every call
 * and injecting faults on demand.
 *
 *   const aws = await startAwsEndpoint({ account: loadAccount("compliant") });
 *   new RDSClient({ endpoint: aws.url, region: "us-east-1", credentials: FAKE });
 *   …
 *   await aws.stop();
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { AccountSnapshot, ApiObject } from "./account.js";
import type { Operation, OpRequest } from "./operations.js";
import { OPERATIONS, resourceArn } from "./services/index.js";
import { ApiError, SERVICES, errorResponse, faultError, type FaultKind, type WireResponse } from "./protocols.js";
import { ec2Naming, members, queryNaming, type XmlNaming } from "./xml.js";

export type { FaultKind } from "./protocols.js";

export interface Fault {
  kind: FaultKind;
  /** How many calls the fault hits before it clears; absent = every call. */
  times?: number;
  /**
   * Hit only a call's first n attempts (the SDK numbers them in its `amz-sdk-request` header): a
   * storm every call meets and every retry gets through.
   */
  attempts?: number;
  /** For `slow`: the delay before the (normal) answer, default 250 ms. */
  delayMs?: number;
  /** Only calls signed for this region. */
  region?: string;
  /** Only calls made in this account. */
  account?: string;
}

/** Keyed `service:Action` (signing name, API action: `rds:DescribeDBInstances`), or `service:*`. */
export type Faults = Record<string, Fault>;

export interface Call {
  /** The account the request's credentials belong to. */
  account: string;
  /** The SigV4 signing name from the credential scope (`rds`, `ec2`, `s3`, `logs`, `sts`). */
  service: string;
  /** The API action (`DescribeDBInstances`); for an S3 request no row matches, `METHOD /{bucket}?sub`. */
  action: string;
  /** The credential scope's region. */
  region: string;
  /** The HTTP status answered. */
  status?: number;
}

export interface AwsEndpointOptions {
  /** The account the base credentials belong to (the caller's). */
  account: AccountSnapshot;
  /** Other accounts, reached with credentials from STS AssumeRole (an organization's members). */
  others?: AccountSnapshot[];
  faults?: Faults;
  /** Cap every page at this many entries (a real service may return fewer than asked for). */
  pageSize?: number;
  /** Added to every reply (for benchmarks), on top of any `slow` fault. */
  latencyMs?: number;
}

export interface AwsEndpoint {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request, in arrival order. */
  calls: Call[];
  /** Live fault table: tests may add or delete entries between calls. */
  faults: Faults;
  stop(): Promise<void>;
}

const CREDENTIAL_SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

interface Routed {
  action: string;
  op?: Operation;
  params: Record<string, string>;
  json: Record<string, unknown>;
  path: Record<string, string>;
  bucket?: string;
}

/** Matches a path against a template (`/2015-03-31/functions/{FunctionName}/configuration`, `{Key+}` greedy). */
function matchPath(template: string, path: string): Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = template.replace(/[.*?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)(\+?)\}/g, (_m, name: string, greedy: string) => {
    names.push(name);
    return greedy ? "(.+)" : "([^/]+)";
  });
  const m = new RegExp(`^${pattern}/?$`).exec(path);
  if (!m) return undefined;
  return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? "")]));
}

/** Works out the action from the protocol's own addressing. */
function route(service: string, req: IncomingMessage, body: string): Routed {
  const protocol = SERVICES[service]?.protocol;
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const rows = OPERATIONS.filter((o) => o.service === service);
  if (protocol === "query" || protocol === "ec2") {
    const params = Object.fromEntries(new URLSearchParams(body));
    const action = params.Action ?? "";
    return { action, op: rows.find((o) => o.action === action), params, json: {}, path: {} };
  }
  let json: Record<string, unknown> = {};
  if (body.trim() !== "" && protocol !== "rest-xml") json = JSON.parse(body) as Record<string, unknown>;
  if (protocol === "json") {
    const target = String(req.headers["x-amz-target"] ?? "");
    const dot = target.lastIndexOf(".");
    const prefix = target.slice(0, dot);
    const action = target.slice(dot + 1);
    const ok = dot > 0 && prefix === SERVICES[service]?.targetPrefix;
    return { action: ok ? action : target, op: ok ? rows.find((o) => o.action === action) : undefined, params: {}, json, path: {} };
  }
  if (service !== "s3") {
    // rest-json, and rest-xml other than S3: the method and path template pick the operation.
    const params = Object.fromEntries(url.searchParams);
    const method = req.method ?? "GET";
    for (const op of rows) {
      if (!op.rest || op.rest.method !== method) continue;
      const path = matchPath(op.rest.path, url.pathname);
      if (path) return { action: op.action, op, params, json, path };
    }
    return { action: `${method} ${url.pathname}`, params, json, path: {} };
  }
  // rest-xml, path-style: /bucket?sub
  const segments = url.pathname.split("/").filter((s) => s !== "");
  const bucket = segments[0] !== undefined ? decodeURIComponent(segments[0]) : undefined;
  const params = Object.fromEntries(url.searchParams);
  const method = req.method ?? "GET";
  const op =
    segments.length <= 1
      ? rows.find((o) => o.s3 && o.s3.method === method && o.s3.bucket === (bucket !== undefined) && (o.s3.sub === undefined ? !SUBRESOURCES.some((s) => s in params) : o.s3.sub in params))
      : undefined;
  const sub = SUBRESOURCES.find((s) => s in params);
  const action = op?.action ?? `${method} /${bucket !== undefined ? "{bucket}" : ""}${segments.length > 1 ? "/{key}" : ""}${sub ? `?${sub}` : ""}`;
  return { action, op, params, json: {}, path: {}, ...(bucket !== undefined ? { bucket } : {}) };
}

/** S3 sub-resources that select an operation (not an exhaustive list: enough to name a stray call). */
const SUBRESOURCES = [
  "acl", "analytics", "cors", "encryption", "inventory", "lifecycle", "location", "logging", "metrics", "notification",
  "object-lock", "ownershipControls", "policy", "policyStatus", "publicAccessBlock", "replication", "requestPayment",
  "tagging", "versioning", "versions", "website", "uploads", "delete", "list-type", "accelerate", "intelligent-tiering",
];

function success(service: string, action: string, out: ApiObject | { xml: string }, requestId: string, naming: XmlNaming = queryNaming): WireResponse {
  const info = SERVICES[service];
  if ("xml" in out && typeof out.xml === "string") {
    return { status: 200, headers: { "content-type": "application/xml", "x-amz-request-id": requestId, "x-amz-id-2": Buffer.from(requestId).toString("base64") }, body: out.xml };
  }
  switch (info?.protocol) {
    case "json":
      return { status: 200, headers: { "content-type": `application/x-amz-json-${info.jsonVersion ?? "1.1"}`, "x-amzn-requestid": requestId }, body: JSON.stringify(out) };
    case "rest-json":
      return { status: 200, headers: { "content-type": "application/json", "x-amzn-requestid": requestId }, body: JSON.stringify(out) };
    case "ec2":
      return {
        status: 200,
        headers: { "content-type": "text/xml;charset=UTF-8" },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${info.xmlns}"><requestId>${requestId}</requestId>${members(out, ec2Naming)}</${action}Response>`,
      };
    default:
      // awsQuery: the output members sit inside <XResult>, which the SDK requires (without it: `{}`).
      return {
        status: 200,
        headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
        body: `<${action}Response xmlns="${info?.xmlns ?? ""}"><${action}Result>${members(out, naming)}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
      };
  }
}

function unknownOperation(service: string, action: string): ApiError {
  switch (SERVICES[service]?.protocol) {
    case "json":
    case "rest-json":
      return new ApiError(400, "UnknownOperationException", `The test endpoint does not implement ${action}`);
    case "rest-xml":
      return new ApiError(501, "NotImplemented", `The test endpoint does not implement ${action}`);
    default:
      return new ApiError(400, "InvalidAction", `The action ${action} is not valid for this web service (or not implemented by the test endpoint).`);
  }
}

export async function startAwsEndpoint(options: AwsEndpointOptions): Promise<AwsEndpoint> {
  const { pageSize, latencyMs = 0 } = options;
  const accounts = [options.account, ...(options.others ?? [])];
  /** Access key → account: the base key is the caller's; AssumeRole mints one per target account. */
  const keys = new Map<string, { account: AccountSnapshot; caller: AccountSnapshot["caller"] }>();
  const calls: Call[] = [];
  const faults: Faults = Object.fromEntries(Object.entries(options.faults ?? {}).map(([k, f]) => [k, { ...f }]));

  function issueKey(target: AccountSnapshot, caller: AccountSnapshot["caller"]): string {
    const key = `ASIA${target.accountId}${String(keys.size).padStart(4, "0")}`;
    keys.set(key, { account: target, caller });
    return key;
  }

  /** Consumes one hit of the matching fault, if any. */
  function takeFault(service: string, action: string, region: string, accountId: string, attempt: number): Fault | undefined {
    for (const key of [`${service}:${action}`, `${service}:*`]) {
      const f = faults[key];
      if (!f || (f.region !== undefined && f.region !== region) || (f.account !== undefined && f.account !== accountId)) continue;
      if (f.attempts !== undefined && attempt > f.attempts) continue;
      if (f.times !== undefined) {
        if (f.times <= 0) continue;
        f.times -= 1;
      }
      return f;
    }
    return undefined;
  }

  async function handle(req: IncomingMessage): Promise<WireResponse> {
    const requestId = randomUUID();
    const body = await readBody(req);
    const scope = CREDENTIAL_SCOPE.exec(String(req.headers.authorization ?? ""));
    if (!scope) {
      calls.push({ account: "?", service: "?", action: "?", region: "?", status: 403 });
      return errorResponse("sts", new ApiError(403, "MissingAuthenticationToken", "Request is missing Authentication Token"), requestId);
    }
    const issued = keys.get(scope[1] as string);
    const account = issued ? { ...issued.account, caller: issued.caller } : options.account;
    const region = scope[2] as string;
    const service = scope[3] as string;
    const call: Call = { account: account.accountId, service, action: "?", region };
    calls.push(call);
    const answer = (r: WireResponse) => {
      call.status = r.status;
      return r;
    };
    if (!SERVICES[service]) {
      return answer(errorResponse(service, new ApiError(400, "UnknownService", `The test endpoint does not serve ${service}`), requestId));
    }
    let routed: Routed;
    try {
      routed = route(service, req, body);
    } catch {
      return answer(errorResponse(service, new ApiError(400, "SerializationException", "Malformed request body"), requestId));
    }
    call.action = routed.action;

    const info = SERVICES[service];
    if (info?.version && routed.params.Version !== info.version) {
      return answer(errorResponse(service, new ApiError(400, "InvalidParameterValue", `Version ${routed.params.Version ?? "(none)"} is not supported`), requestId));
    }
    if (latencyMs > 0) await sleep(latencyMs);
    const attempt = Number(/attempt=(\d+)/.exec(String(req.headers["amz-sdk-request"] ?? ""))?.[1] ?? 1);
    const fault = takeFault(service, routed.action, region, account.accountId, attempt);
    if (fault?.kind === "slow") await sleep(fault.delayMs ?? 250);
    else if (fault) {
      const iam = routed.op?.iamAction ?? `${service}:${routed.action}`;
      const err = faultError(service, fault.kind, account.caller.Arn, iam, resourceArn({ service, region, ...(routed.bucket ? { bucket: routed.bucket } : {}) }, account.accountId));
      return answer(errorResponse(service, err, requestId));
    }
    if (!routed.op) return answer(errorResponse(service, unknownOperation(service, routed.action), requestId));

    const opReq: OpRequest = { account, accounts, issueKey, region, service, action: routed.action, params: routed.params, json: routed.json, path: routed.path, ...(routed.bucket ? { bucket: routed.bucket } : {}), ...(pageSize ? { pageSize } : {}) };
    try {
      return answer(success(service, routed.action, routed.op.handler(opReq), requestId, routed.op.naming));
    } catch (e) {
      if (e instanceof ApiError) return answer(errorResponse(service, e, requestId));
      throw e;
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handle(req).then(
      (r) => {
        res.writeHead(r.status, { ...r.headers, "content-length": Buffer.byteLength(r.body) });
        res.end(r.body);
      },
      (e: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(`test endpoint failure: ${e instanceof Error ? e.stack : String(e)}`);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    faults,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
