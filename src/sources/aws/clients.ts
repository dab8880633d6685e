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

export async function makeClient(pkg: string, className: string, region: string, settings: ClientSettings): Promise<SdkClient> {
  const mod = (await import(pkg)) as Record<string, new (cfg: object) => SdkClient & { config?: { serviceConfiguredEndpoint?: () => Promise<string | undefined> } }>;
  const Ctor = mod[className];
  if (!Ctor) throw new Error(`no client class ${className} in ${pkg}`);
  const config = {
    region,
    ...(settings.retryStrategy ? { retryStrategy: settings.retryStrategy } : { retryMode: "adaptive", maxAttempts: settings.maxAttempts ?? 5 }),
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : settings.profile ? { profile: settings.profile } : {}),
  };
  const client = new Ctor(config);
  if (pkg !== S3_PACKAGE || settings.endpoint === undefined && (await client.config?.serviceConfiguredEndpoint?.()) === undefined) return client;
  // S3 names buckets as hostnames by default, which an emulator on 127.0.0.1 cannot serve: with any
  // endpoint override (--endpoint-url, AWS_ENDPOINT_URL[_S3], endpoint_url in the shared config),
  // its users expect path-style requests.
  return new Ctor({ ...config, forcePathStyle: true });
}
