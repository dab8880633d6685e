import type { CheckFn } from "../conditions.js";
import { lookup } from "../lookup.js";
import { fail, pass, unknown, type Outcome } from "../outcome.js";

interface Statement {
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The attribute's policy JSON as statements, or the outcome explaining why it cannot be read. */
function statements(subject: Parameters<CheckFn>[0], path: string): Statement[] | Outcome {
  const l = lookup(subject, path);
  if (l.state === "absent") return fail(`${path} is not set`, path);
  if (l.state === "unreadable") return unknown(`${path} could not be read: ${l.reason}`, path);
  if (l.state !== "known") return unknown(`${path} is known only after apply`, path);
  let doc: unknown = l.value;
  if (typeof doc === "string") {
    try {
      doc = JSON.parse(doc === "" ? "{}" : doc);
    } catch {
      return unknown(`${path} is not a JSON policy document`, path);
    }
  }
  return list((doc as { Statement?: unknown })?.Statement) as Statement[];
}

/** IAM-001: no Allow statement grants every action on every resource. */
export const noAdminGrant: CheckFn = (subject, _ctx, args) => {
  const path = String(args.attr ?? "policy");
  const st = statements(subject, path);
  if (!Array.isArray(st)) return st;
  const wild = st.find((s) => s.Effect === "Allow"
    && list(s.Action).some((a) => a === "*" || a === "*:*")
    && list(s.Resource).some((r) => r === "*"));
  return wild ? fail(`${path} allows Action "*" on Resource "*"`, path) : pass(`${path} grants no "*" action on "*"`, path);
};

const insecureTransport = (s: Statement): boolean => {
  const cond = s.Condition ?? {};
  return Object.entries(cond).some(([op, kv]) => /^Bool(IfExists)?$/.test(op)
    && Object.entries(kv ?? {}).some(([k, v]) => k.toLowerCase() === "aws:securetransport" && list(v).some((x) => String(x) === "false")));
};

/** S3-007: the bucket policy denies every request not made over TLS. */
export const deniesInsecureTransport: CheckFn = (subject, _ctx, args) => {
  const path = String(args.attr ?? "policy");
  const st = statements(subject, path);
  if (!Array.isArray(st)) return st;
  const ok = st.some((s) => s.Effect === "Deny" && insecureTransport(s)
    && (list(s.Action).some((a) => a === "s3:*" || a === "*")));
  return ok ? pass(`${path} denies requests without TLS`, path) : fail(`${path} does not deny aws:SecureTransport = false`, path);
};

