/** Three-valued result of a condition: unknown is never pass (Kleene logic). */
export type Tri = "pass" | "fail" | "unknown";

export interface Outcome {
  result: Tri;
  /** Why, in words a reader of the report understands; names attributes, never sensitive values. */
  detail: string;
  /** The attribute path the outcome turned on, so a report can point at its line. */
  attribute?: string;
}

export const pass = (detail: string, attribute?: string): Outcome => ({ result: "pass", detail, ...(attribute ? { attribute } : {}) });
export const fail = (detail: string, attribute?: string): Outcome => ({ result: "fail", detail, ...(attribute ? { attribute } : {}) });
export const unknown = (detail: string, attribute?: string): Outcome => ({ result: "unknown", detail, ...(attribute ? { attribute } : {}) });

/** Conjunction: any fail → fail (the first), else any unknown → unknown, else pass. */
export function allOf(outcomes: Iterable<Outcome>, emptyDetail = "nothing to check"): Outcome {
  let firstUnknown: Outcome | undefined;
  const passes: Outcome[] = [];
  for (const o of outcomes) {
    if (o.result === "fail") return o;
    if (o.result === "unknown") firstUnknown ??= o;
    else passes.push(o);
  }
  if (firstUnknown) return firstUnknown;
  if (passes.length === 0) return pass(emptyDetail);
  return passes.length === 1 ? passes[0]! : pass(passes.map((p) => p.detail).join("; "), passes[0]!.attribute);
}

/** Disjunction: any pass → pass (the first), else any unknown → unknown, else fail. */
export function anyOf(outcomes: Iterable<Outcome>, emptyDetail = "no alternative holds"): Outcome {
  let firstUnknown: Outcome | undefined;
  const fails: Outcome[] = [];
  for (const o of outcomes) {
    if (o.result === "pass") return o;
    if (o.result === "unknown") firstUnknown ??= o;
    else fails.push(o);
  }
  if (firstUnknown) return firstUnknown;
  if (fails.length === 0) return fail(emptyDetail);
  return fails.length === 1 ? fails[0]! : fail(fails.map((f) => f.detail).join(", and "), fails[0]!.attribute);
}

export function negate(o: Outcome, detail?: string): Outcome {
  if (o.result === "unknown") return o;
  return { ...o, result: o.result === "pass" ? "fail" : "pass", detail: detail ?? `not (${o.detail})` };
}
