/**
 * Which accounts and regions a scan covers, and the credentials for each: the caller's own account
 * (default credential chain or a profile), accounts reached by assuming a listed role, or every
 * active account of the organization through one role name.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { InputError } from "../../model/errors.js";
import { makeClient, type ClientSettings, type SdkClient } from "./clients.js";
import { allPages, failureReason, pageOf, tokenParam } from "./table.js";

type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

export interface Target {
  account: string;
  /** How it is reached: `caller`, or the role assumed. */
  via: string;
  credentials?: Credentials;
}

/** An account that could not be reached: every verdict there is unknown. */
export interface Unreachable {
  account: string;
  via: string;
  reason: string;
}

export interface TargetOptions extends ClientSettings {
  roleArns?: string[];
  orgRoleName?: string;
  /** The region STS and Organizations are called in. */
  homeRegion: string;
}

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/.+$/;

async function send<T>(client: SdkClient, command: { input: unknown }): Promise<T> {
  return (await client.send(command)) as T;
}

/** The account the credentials belong to (STS GetCallerIdentity needs no permission). */
export async function callerAccount(settings: ClientSettings, region: string): Promise<string> {
  const sts = await makeClient("@aws-sdk/client-sts", "STSClient", region, settings);
  const { GetCallerIdentityCommand } = await import("@aws-sdk/client-sts");
  try {
    const out = await send<{ Account?: string }>(sts, new GetCallerIdentityCommand({}));
    if (!out.Account) throw new Error("GetCallerIdentity returned no account");
    return out.Account;
  } catch (e) {
    throw new InputError(`no usable AWS credentials: ${credentialProblem(e)}`);
  }
}

/** One line a person can act on, without echoing anything secret from the error. */
function credentialProblem(e: unknown): string {
  const { name = "Error", message = "" } = e as { name?: string; message?: string };
  if (name === "CredentialsProviderError") return "none found (set AWS_PROFILE, use --profile, or run where a role is attached)";
  const first = message.split("\n")[0] ?? "";
  return `${name}${first && first !== name ? `: ${first.slice(0, 200)}` : ""}`;
}

/** Credentials that assume `roleArn` from `base`, refreshed by the SDK as they expire. */
async function assumed(roleArn: string, base: TargetOptions): Promise<Credentials> {
  const { fromTemporaryCredentials } = await import("@aws-sdk/credential-providers");
  return fromTemporaryCredentials({
    params: { RoleArn: roleArn, RoleSessionName: "cbguard-scan", DurationSeconds: 3600 },
    ...(base.credentials ? { masterCredentials: base.credentials } : {}),
    clientConfig: { region: base.homeRegion, ...(base.endpoint ? { endpoint: base.endpoint } : {}), ...(base.profile && !base.credentials ? { profile: base.profile } : {}) },
  });
}

/** Proves a role can be assumed before a scan relies on it, so a bad role is one line, not 40 unknowns. */
async function reachable(t: Target): Promise<Target | Unreachable> {
  if (!t.credentials || typeof t.credentials !== "function") return t;
  try {
    await t.credentials();
    return t;
  } catch (e) {
    return { account: t.account, via: t.via, reason: failureReason("sts:AssumeRole", e) };
  }
}

/** Every active account of the organization (organizations:ListAccounts from the management or a delegated account). */
async function organizationAccounts(opts: TargetOptions): Promise<string[]> {
  const org = await makeClient("@aws-sdk/client-organizations", "OrganizationsClient", opts.homeRegion, opts);
  const { ListAccountsCommand } = await import("@aws-sdk/client-organizations");
  try {
    const accounts = await allPages(async (token) => {
      const out = await send<{ Accounts?: { Id?: string; Status?: string; State?: string }[]; NextToken?: string }>(org, new ListAccountsCommand({ ...tokenParam("NextToken", token) }));
      return pageOf(out.Accounts, out.NextToken);
    });
    return accounts.filter((a) => (a.State ?? a.Status) === "ACTIVE").map((a) => a.Id).filter((id): id is string => id !== undefined);
  } catch (e) {
    throw new InputError(`--org-role-name: cannot list the organization's accounts: ${failureReason("organizations:ListAccounts", e)}`);
  }
}

export async function resolveTargets(opts: TargetOptions): Promise<{ targets: Target[]; unreachable: Unreachable[] }> {
  const base: Target = { account: await callerAccount(opts, opts.homeRegion), via: "caller", ...(opts.credentials ? { credentials: opts.credentials } : {}) };
  const wanted: Target[] = [];
  for (const arn of opts.roleArns ?? []) {
    const m = ROLE_ARN.exec(arn);
    if (!m) throw new InputError(`--role-arn: not an IAM role ARN: ${arn}`);
    wanted.push({ account: m[1] as string, via: arn, credentials: await assumed(arn, opts) });
  }
  if (opts.orgRoleName !== undefined) {
    if (!/^[\w+=,.@/-]{1,64}$/.test(opts.orgRoleName)) throw new InputError(`--org-role-name: not a role name: ${opts.orgRoleName}`);
    for (const id of await organizationAccounts(opts)) {
      if (id === base.account || wanted.some((w) => w.account === id)) continue;
      const arn = `arn:aws:iam::${id}:role/${opts.orgRoleName}`;
      wanted.push({ account: id, via: arn, credentials: await assumed(arn, opts) });
    }
  }
  // Listed roles: just those accounts (the caller is often a security account). The organization: every member, the caller's own included.
  const all = opts.roleArns?.length && opts.orgRoleName === undefined ? wanted : [base, ...wanted.filter((w) => w.account !== base.account)];
  const checked = await Promise.all(all.map(reachable));
  return {
    targets: checked.filter((t): t is Target => !("reason" in t)),
    unreachable: checked.filter((t): t is Unreachable => "reason" in t),
  };
}

/** `all`: the regions enabled for the account (ec2:DescribeRegions); otherwise the list as given, checked. */
export async function resolveRegions(spec: string, settings: ClientSettings, homeRegion: string): Promise<string[]> {
  if (spec !== "all") {
    const regions = [...new Set(spec.split(",").map((r) => r.trim()).filter((r) => r !== ""))];
    const bad = regions.find((r) => !/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(r));
    if (regions.length === 0 || bad !== undefined) throw new InputError(`--regions: not a region: ${bad ?? spec}`);
    return regions;
  }
  const ec2 = await makeClient("@aws-sdk/client-ec2", "EC2Client", homeRegion, settings);
  const { DescribeRegionsCommand } = await import("@aws-sdk/client-ec2");
  try {
    const out = await send<{ Regions?: { RegionName?: string }[] }>(ec2, new DescribeRegionsCommand({}));
    return (out.Regions ?? []).map((r) => r.RegionName).filter((r): r is string => r !== undefined).sort();
  } catch (e) {
    throw new InputError(`--regions all: cannot list the account's regions: ${failureReason("ec2:DescribeRegions", e)}`);
  }
}
