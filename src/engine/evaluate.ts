import type { Finding, Verdict } from "../model/finding.js";
import type { Inventory, Location, Resource, Scope, Unread } from "../model/resource.js";
import { evaluate as evaluateCondition, type CheckFn, type EvalContext } from "./conditions.js";
import type { Defaults } from "./lookup.js";
import { allOf, anyOf, fail, pass, type Outcome } from "./outcome.js";
import { Relations } from "./relations.js";
import type { Requirement, Rule } from "./rule.js";

/** A check over a whole scope (plan, or account and region), for demands no list of requirements can state. */
export type ScopeCheckFn = (resources: readonly Resource[], scope: Scope, ctx: EvalContext) => Outcome;

export interface EngineOptions {
  now: Date;
  params: Readonly<Record<string, unknown>>;
  defaults: Defaults;
  functions: Readonly<Record<string, CheckFn>>;
  scopeFunctions: Readonly<Record<string, ScopeCheckFn>>;
}

/** Judges every (rule, resource) pair, and every rule's demands on every scope. */
export function evaluateRules(inventory: Inventory, rules: readonly Rule[], options: EngineOptions): Finding[] {
  const ctx: EvalContext = {
    relations: new Relations(inventory.resources, inventory.unread),
    params: options.params,
    defaults: options.defaults,
    functions: options.functions,
    now: options.now,
  };
  const findings: Finding[] = [];
  for (const rule of rules) {
    for (const resource of ctx.relations.ofTypes(rule.resourceTypes)) findings.push(judgeResource(rule, resource, ctx));
    for (const scope of inventory.scopes) {
      if ((rule.require || rule.requireFn) && demandsApply(scope, options.params)) {
        findings.push(scopeFinding(rule, scope, demands(rule, scope, ctx, options)));
        continue;
      }
      // Resources nobody could list cannot be judged one by one: the scope says so instead.
      const unread = ctx.relations.unreadIn(rule.resourceTypes, scope.account, scope.region);
      if (unread.length > 0) findings.push(scopeFinding(rule, scope, unreadOutcome(pass(""), unread)));
    }
  }
  return findings;
}

/** Every demand of a rule on one scope: its `require` list and its scope function. */
function demands(rule: Rule, scope: Scope, ctx: EvalContext, options: EngineOptions): Outcome {
  const inScope = (types: readonly string[]) => ctx.relations.ofTypes(types).filter((r) => within(r, scope));
  const outcomes = (rule.require ?? []).map((req) => {
    const o = requirement(req, inScope(req.types), ctx);
    return o.result === "pass" ? o : unreadOutcome(o, ctx.relations.unreadIn(req.types, scope.account, scope.region));
  });
  if (rule.requireFn) {
    const fn = options.scopeFunctions[rule.requireFn];
    if (!fn) throw new Error(`${rule.file}: no scope check named ${rule.requireFn}`);
    ctx.relations.judging(scopeSubject(scope));
    const o = fn(inScope(rule.resourceTypes), scope, ctx);
    outcomes.push(unreadOutcome(o, [...ctx.relations.done(), ...ctx.relations.unreadIn(rule.resourceTypes, scope.account, scope.region)]));
  }
  return everyDemand(outcomes);
}

/**
 * What a rule demands exists (a trail, a backup plan) is demanded where the guide puts production:
 * in a live account, the primary region's scope; a replica or any other region scanned is judged
 * resource by resource only. Plan and HCL scopes carry no region and always get the demands.
 */
function demandsApply(scope: Scope, params: Readonly<Record<string, unknown>>): boolean {
  return scope.region === undefined || scope.region === params.primary_region;
}

/** A verdict that rests on a list nobody could read is unknown, naming the call (never pass, never fail). */
function unreadOutcome(o: Outcome, unread: readonly Unread[]): Outcome {
  if (unread.length === 0 || o.result === "unknown") return o;
  const seen = new Set<string>();
  const why = unread.filter((u) => !seen.has(u.reason) && seen.add(u.reason)).map((u) => `${u.types.join(", ")} not read in ${u.region ?? "any region"} (${u.reason})`);
  return { result: "unknown", detail: `could not judge: ${why.join("; ")}` };
}

/** Scope functions look resources up like a check on a resource does; this stands for the scope. */
function scopeSubject(scope: Scope): Resource {
  return {
    address: scope.address, baseAddress: scope.address, modulePath: "", type: "scope", values: {}, unknown: new Set(), sensitive: new Set(), expressions: {},
    ...(scope.region ? { region: scope.region } : {}), ...(scope.account ? { account: scope.account } : {}), source: "aws",
  };
}

/** Live scopes are per region; resources with no region (global services) belong to every scope. */
function within(r: Resource, scope: Scope): boolean {
  return (scope.region === undefined || r.region === undefined || r.region === scope.region)
    && (scope.account === undefined || r.account === undefined || r.account === scope.account);
}

function judgeResource(rule: Rule, resource: Resource, ctx: EvalContext): Finding {
  const subject = { resource, prefix: "" };
  ctx.relations.judging(resource);
  if (rule.where) {
    const w = evaluateCondition(rule.where, subject, ctx);
    if (w.result === "fail") {
      // "Not applicable" resting on a list nobody could read (no subnet group seen) is not known either.
      const o = unreadOutcome({ ...w, detail: `not applicable: ${w.detail}` }, ctx.relations.done());
      return finding(rule, resource, o.result === "fail" ? "not_applicable" : o.result, o);
    }
    if (w.result === "unknown") {
      ctx.relations.done();
      return finding(rule, resource, "unknown", w);
    }
  }
  const judged = rule.assert ? evaluateCondition(rule.assert, subject, ctx) : pass("present");
  const o = unreadOutcome(judged, ctx.relations.done());
  return finding(rule, resource, o.result, o);
}

function requirement(req: Requirement, candidates: readonly Resource[], ctx: EvalContext): Outcome {
  const missing = fail(`no ${req.description}`);
  if (candidates.length === 0) return missing;
  if (!req.where) return pass(`${req.description}: ${candidates[0]!.address}`);
  const where = req.where;
  const o = anyOf(candidates.map((r) => {
    const c = evaluateCondition(where, { resource: r, prefix: "" }, ctx);
    return { result: c.result, detail: `${r.address}: ${c.detail}` };
  }));
  if (o.result === "pass") return pass(`${req.description}: ${o.detail}`);
  if (o.result === "unknown") return { result: "unknown", detail: `${req.description} may be missing: ${o.detail}` };
  return fail(`no ${req.description} (${o.detail})`);
}

/** One result per (rule, scope): every unmet demand is named, not just the first. */
function everyDemand(outcomes: Outcome[]): Outcome {
  const fails = outcomes.filter((o) => o.result === "fail");
  if (fails.length > 1) return fail(fails.map((o) => o.detail).join("; "));
  return allOf(outcomes);
}

function scopeFinding(rule: Rule, scope: Scope, o: Outcome): Finding {
  return {
    ruleId: rule.id,
    verdict: o.result,
    resource: { address: scope.address, type: "scope", ...(scope.location ? { location: scope.location } : {}) },
    message: o.detail,
    ...(o.result === "unknown" ? { reason: o.detail } : {}),
  };
}

/**
 * Where the attribute the verdict turned on is written, or the nearest enclosing block
 * (`password_policy.0` when `minimum_length` is left out), when the source knows lines.
 */
function attributeLocation(r: Resource, path: string): Location | undefined {
  const locations = r.attributeLocations;
  if (!locations) return undefined;
  for (let p = path; p; p = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "") {
    if (locations[p]) return locations[p];
  }
  return undefined;
}

function finding(rule: Rule, r: Resource, verdict: Verdict, o: Outcome): Finding {
  const location = (o.attribute && attributeLocation(r, o.attribute)) || r.location;
  return {
    ruleId: rule.id,
    verdict,
    resource: { address: r.address, type: r.type, ...(location ? { location } : {}) },
    message: o.detail,
    ...(verdict === "unknown" || verdict === "not_applicable" ? { reason: o.detail } : {}),
    ...(o.attribute ? { attribute: o.attribute } : {}),
  };
}
