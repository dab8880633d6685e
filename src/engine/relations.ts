import type { Resource, Unread } from "../model/resource.js";
import { lookup, type Subject } from "./lookup.js";

/**
 * Finds resources tied to each other by a configuration reference (plan, HCL) or by equal values
 * (live, or plans where both sides are known). Indexes are built once per (type, attribute) and
 * kept, so a rule over 100k resources stays linear.
 */
/** Whether an unread list covers a scope (account and region; a missing side, or no account, matches all). */
function appliesTo(u: Unread, account: string | undefined, region: string | undefined): boolean {
  return (account === undefined || u.account === "" || u.account === account) && (region === undefined || u.region === undefined || u.region === region);
}

export class Relations {
  private readonly byType = new Map<string, Resource[]>();
  private readonly identityIndex = new Map<string, Map<string, Resource[]>>();
  private readonly pointerIndex = new Map<string, Map<string, Resource[]>>();

  constructor(resources: readonly Resource[], unread: readonly Unread[] = []) {
    this.all = resources;
    this.unread = unread;
    // Only a live scan leaves things unread; plans skip the bookkeeping.
    this.tracking = unread.length > 0 || resources.some((r) => r.unreadable !== undefined);
    for (const r of resources) {
      let list = this.byType.get(r.type);
      if (!list) this.byType.set(r.type, (list = []));
      list.push(r);
    }
  }

  private readonly all: readonly Resource[];
  private readonly unread: readonly Unread[];
  private readonly tracking: boolean;
  /** The resource being judged, and the unread lists its lookups touched (see `judging`). */
  private subject: Resource | undefined;
  private touched: Set<Unread> | undefined;

  /**
   * Starts judging `subject`: until `done()`, every lookup of a type a live scan could not list in
   * the subject's account and region is noted, so the verdict can be made unknown instead of
   * resting on an absence nobody saw.
   */
  judging(subject: Resource): void {
    this.subject = subject;
    this.touched = this.tracking ? new Set() : undefined;
  }

  /** Ends `judging`; the unread lists the verdict depended on. */
  done(): Unread[] {
    const out = this.touched ? [...this.touched] : [];
    this.subject = undefined;
    this.touched = undefined;
    return out;
  }

  /** Unread lists of `types` in a scope (account and region; a missing side matches all). */
  unreadIn(types: readonly string[], account: string | undefined, region: string | undefined): Unread[] {
    return this.unread.filter((u) => appliesTo(u, account, region)
      && (types.includes("*") || u.types.includes("*") || u.types.some((t) => types.includes(t))));
  }

  private readonly unreadablePointers = new Map<string, Unread[]>();

  /**
   * A resource whose pointer could not be read (a backup selection whose resource list was denied)
   * might point at the subject: as good as a list nobody read.
   */
  private noteUnreadablePointers(types: readonly string[], pointer: string): void {
    if (!this.touched) return;
    for (const t of types) {
      const key = `${t}|${pointer}`;
      let found = this.unreadablePointers.get(key);
      if (!found) {
        const root = pointer.split(".")[0] ?? pointer;
        found = (this.byType.get(t) ?? []).flatMap((r) => {
          const reason = r.unreadable?.[pointer] ?? r.unreadable?.[root] ?? r.unreadable?.["*"];
          return reason === undefined ? [] : [{ account: r.account ?? "", ...(r.region ? { region: r.region } : {}), service: "", action: "", types: [t], reason: `${r.address}: ${reason}` }];
        });
        this.unreadablePointers.set(key, found);
      }
      for (const u of found) if (appliesTo(u, this.subject?.account, this.subject?.region)) this.touched.add(u);
    }
  }

  private note(types: readonly string[]): void {
    if (!this.touched) return;
    for (const u of this.unreadIn(types, this.subject?.account, this.subject?.region)) this.touched.add(u);
  }

  /** `*` stands for every resource. */
  ofTypes(types: readonly string[]): readonly Resource[] {
    this.note(types);
    if (types.includes("*")) return this.all;
    if (types.length === 1) return this.byType.get(types[0]!) ?? [];
    return types.flatMap((t) => this.byType.get(t) ?? []);
  }

  /** Resources of `types` whose `attrs` (or address) equal what `subject`'s `pointer` attribute points at. */
  pointedAtBy(subject: Subject, pointer: string, types: readonly string[], attrs: readonly string[]): Resource[] {
    this.note(types);
    const keys = pointerKeys(subject, pointer);
    if (keys.length === 0) return [];
    const found = new Set<Resource>();
    for (const t of types) {
      const index = this.index(this.identityIndex, t, attrs.join(","), (r) => identityKeys(r, attrs));
      for (const k of keys) for (const r of index.get(k) ?? []) found.add(r);
    }
    return [...found];
  }

  /** Resources of `types` whose `pointer` attribute points at `subject` (its address or `attrs`). */
  pointingAt(subject: Subject, pointer: string, types: readonly string[], attrs: readonly string[]): Resource[] {
    this.note(types);
    this.noteUnreadablePointers(types, pointer);
    const keys = identityKeys(subject.resource, attrs, subject.prefix);
    const found = new Set<Resource>();
    for (const t of types) {
      const index = this.index(this.pointerIndex, t, pointer, (r) => pointerKeys({ resource: r, prefix: "" }, pointer));
      for (const k of keys) for (const r of index.get(k) ?? []) found.add(r);
    }
    return [...found];
  }

  /** Resources of `type` whose `attr` has the known value `value`, from an index built once. */
  withValue(type: string, attr: string, value: string): Resource[] {
    this.note([type]);
    return this.index(this.identityIndex, type, attr, (r) => identityKeys(r, [attr]).filter((k) => k.startsWith(VAL))).get(VAL + value) ?? [];
  }

  private readonly memos = new Map<string, unknown>();

  /** A value a check function derives from all resources once per scan, not once per subject. */
  memo<T>(key: string, build: () => T): T {
    if (!this.memos.has(key)) {
      // Built outside any subject, so its lookups are replayed for every subject that uses it.
      const [subject, touched] = [this.subject, this.touched];
      this.touched = new Set();
      this.subject = undefined;
      this.memos.set(key, build());
      this.memoTouched.set(key, [...this.touched]);
      [this.subject, this.touched] = [subject, touched];
    }
    if (this.touched) for (const u of this.memoTouched.get(key) ?? []) if (appliesTo(u, this.subject?.account, this.subject?.region)) this.touched.add(u);
    return this.memos.get(key) as T;
  }

  private readonly memoTouched = new Map<string, Unread[]>();

  private index(
    store: Map<string, Map<string, Resource[]>>, type: string, attrKey: string, keysOf: (r: Resource) => string[],
  ): Map<string, Resource[]> {
    const id = `${type}\u0000${attrKey}`;
    let index = store.get(id);
    if (index) return index;
    index = new Map();
    for (const r of this.byType.get(type) ?? []) {
      for (const k of new Set(keysOf(r))) {
        let list = index.get(k);
        if (!list) index.set(k, (list = []));
        list.push(r);
      }
    }
    store.set(id, index);
    return index;
  }
}

const ADDR = "addr:";
const VAL = "val:";
/** A resource with no instances: what a per-instance reference may also mean. */
const SOLO = "solo:";

/** Strings a resource is known by: its addresses and the known values of `attrs`. */
function identityKeys(r: Resource, attrs: readonly string[], prefix = ""): string[] {
  const keys = prefix ? [] : [ADDR + r.baseAddress, ADDR + r.address];
  if (!prefix && r.address === r.baseAddress) keys.push(SOLO + r.address);
  for (const a of attrs) {
    const l = lookup({ resource: r, prefix }, a);
    if (l.state === "known" && (typeof l.value === "string" || typeof l.value === "number")) keys.push(VAL + String(l.value));
  }
  return keys;
}

/**
 * What an attribute points at. A known value is authoritative (it says which instance); only when
 * the value waits for apply do configuration references stand in for it.
 */
function pointerKeys(subject: Subject, pointer: string): string[] {
  const l = lookup(subject, pointer);
  if (l.state === "known") {
    const vals = Array.isArray(l.value) ? l.value : [l.value];
    const keys = vals.filter((v) => typeof v === "string" || typeof v === "number").map((v) => VAL + String(v));
    // A list may mix known values with elements still unknown: keep the references for those.
    if (keys.length === vals.length) return keys;
    return keys.concat(referenceKeys(subject, l.path));
  }
  return referenceKeys(subject, l.path);
}

function referenceKeys(subject: Subject, path: string): string[] {
  const r = subject.resource;
  const e = r.expressions[path];
  if (!e) return [];
  const key = r.address.slice(r.baseAddress.length);
  // `aws_lambda_function.job[each.key]` in the instance ["grade-calculator"] means that one
  // instance, not all of them; a target without instances is still meant whole.
  if (e.perInstance && key) return e.references.flatMap((ref) => [ADDR + ref + key, SOLO + ref]);
  return e.references.map((ref) => ADDR + ref);
}

/** The managed resource type a reference like `module.x.aws_kms_key.main` names, if it names one. */
export function referenceType(ref: string): string | undefined {
  const parts = ref.split(".");
  const type = parts[parts.length - 2];
  const before = parts[parts.length - 3];
  if (!type || type === "module" || type === "var" || type === "local" || before === "data" || before === "module") return undefined;
  return /^[a-z][a-z0-9]*_[a-z0-9_]+$/.test(type) ? type : undefined;
}

/** How ids and ARNs of a type look, for values read live or known in a plan. */
const ID_PATTERNS: Record<string, RegExp> = {
  aws_internet_gateway: /^igw-/,
  aws_nat_gateway: /^nat-/,
  aws_sns_topic: /^arn:aws[a-z-]*:sns:/,
  aws_kms_key: /^(arn:aws[a-z-]*:kms:[^:]*:\d*:key\/|[0-9a-f]{8}-[0-9a-f]{4}-)/,
  aws_kms_alias: /^(arn:aws[a-z-]*:kms:[^:]*:\d*:)?alias\//,
  aws_s3_bucket: /^arn:aws[a-z-]*:s3:::/,
  aws_lambda_function: /^arn:aws[a-z-]*:lambda:/,
};

export function looksLikeIdOf(type: string, value: string): boolean {
  return ID_PATTERNS[type]?.test(value) ?? false;
}
