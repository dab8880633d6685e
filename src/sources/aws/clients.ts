/**
 * SDK v3 clients for the collectors, imported lazily so `cbguard plan` never loads them. Endpoint
 * resolution is the SDK's own (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`, `endpoint_url` in
 * the shared config) unless an endpoint is given here.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";

/** What a collector needs of a client: `send` (a real client, a counted wrapper, or a replay). */
export interface SdkClient {
  send(command: { input: unknown }): Promise<never>;
}

export interface ClientSettings {
  /** Endpoint override for every service (tests, VPC endpoints). */
  endpoint?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** A shared-config profile, when no credentials are given. */
  profile?: string;
  /** Attempts per call under the adaptive retry mode (default 5). */
  maxAttempts?: number;
  /** A retry strategy of your own instead (a test's short delays); `maxAttempts` is then ignored. */
  retryStrategy?: object;
}

const S3_PACKAGE = "@aws-sdk/client-s3";

/**
 * S3 addresses buckets as hostnames by default, which an emulator on 127.0.0.1 cannot serve: with
 * any endpoint override, the override's users expect path-style requests.
 */
export function endpointOverridden(settings: ClientSettings, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(settings.endpoint || env.AWS_ENDPOINT_URL || env.AWS_ENDPOINT_URL_S3);
}

export async function makeClient(pkg: string, className: string, region: string, settings: ClientSettings): Promise<SdkClient> {
  const mod = (await import(pkg)) as Record<string, new (cfg: object) => SdkClient & { config?: { isCustomEndpoint?: boolean } }>;
  const Ctor = mod[className];
  if (!Ctor) throw new Error(`no client class ${className} in ${pkg}`);
  const config = {
    region,
    ...(settings.retryStrategy ? { retryStrategy: settings.retryStrategy } : { retryMode: "adaptive", maxAttempts: settings.maxAttempts ?? 5 }),
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : settings.profile ? { profile: settings.profile } : {}),
  };
  if (pkg !== S3_PACKAGE) return new Ctor(config);
  const client = new Ctor({ ...config, forcePathStyle: endpointOverridden(settings) });
  return client;
}
