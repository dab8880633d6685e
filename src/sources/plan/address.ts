/** Terraform addresses and references split into steps, keeping `[0]` / `["key"]` instance keys. */

export interface Step {
  name: string;
  /** The bracketed key as written (`[0]`, `["a.b"]`), or "" when there is none. */
  key: string;
}

/**
 * Splits `module.a["x.y"].aws_s3_bucket.b[0].id` into steps. A key's brackets and quotes are kept
 * verbatim, so dots or brackets inside a quoted for_each key do not split it.
 */
export function splitSteps(text: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let j = i;
    while (j < n && text[j] !== "." && text[j] !== "[") j++;
    const name = text.slice(i, j);
    let key = "";
    while (j < n && text[j] === "[") {
      const close = keyEnd(text, j);
      key += text.slice(j, close);
      j = close;
    }
    steps.push({ name, key });
    i = j < n && text[j] === "." ? j + 1 : j;
    if (j < n && text[j] !== ".") break; // malformed: stop rather than loop
  }
  return steps;
}

/** End (exclusive) of the `[...]` starting at `open`, skipping quoted strings. */
function keyEnd(text: string, open: number): number {
  let i = open + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      i++;
    } else if (c === "]") return i + 1;
    else i++;
  }
  return text.length;
}

/** A module instance path such as `module.a["x"].module.b`: its steps and the form without keys. */
export interface ModulePath {
  /** As in the plan, keys included; "" for the root module. */
  address: string;
  /** Module call names, outermost first. */
  names: string[];
  /** Instance key per name ("" when the call has no count/for_each). */
  keys: string[];
  /** `module.a.module.b`: what configuration knows (it has no instance keys). */
  keyless: string;
  hasKeys: boolean;
}

export const ROOT_MODULE: ModulePath = { address: "", names: [], keys: [], keyless: "", hasKeys: false };

export function parseModulePath(address: string): ModulePath {
  if (address === "") return ROOT_MODULE;
  const steps = splitSteps(address);
  const names: string[] = [];
  const keys: string[] = [];
  for (let i = 0; i + 1 < steps.length; i += 2) {
    if (steps[i]!.name !== "module") break;
    names.push(steps[i + 1]!.name);
    keys.push(steps[i + 1]!.key);
  }
  return {
    address,
    names,
    keys,
    keyless: names.map((n) => `module.${n}`).join("."),
    hasKeys: keys.some((k) => k !== ""),
  };
}

export interface ResourceAddress {
  module: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  /** Address without the instance key of the resource (module keys stay). */
  base: string;
}

/** Parses a full resource instance address (`module.a[0].data.aws_x.y["k"]`). */
export function parseResourceAddress(address: string): ResourceAddress | undefined {
  const steps = splitSteps(address);
  let i = 0;
  const moduleParts: string[] = [];
  while (steps[i]?.name === "module" && steps[i + 1] && i + 2 < steps.length) {
    moduleParts.push(`module.${steps[i + 1]!.name}${steps[i + 1]!.key}`);
    i += 2;
  }
  let mode: "managed" | "data" = "managed";
  if (steps[i]?.name === "data" && steps.length - i >= 3) {
    mode = "data";
    i++;
  }
  const type = steps[i]?.name;
  const name = steps[i + 1]?.name;
  // A module path alone (`module.a`) is not a resource.
  if (!type || !name || type === "module") return undefined;
  const module = moduleParts.join(".");
  const local = `${mode === "data" ? "data." : ""}${type}.${name}`;
  return { module, mode, type, name, base: module ? `${module}.${local}` : local };
}

/**
 * Puts the resource's own module instance keys back into a keyless reference:
 * from inside `module.a["x"]`, `module.a.aws_s3_bucket.b` means `module.a["x"].aws_s3_bucket.b`.
 * Only the leading modules shared with `path` get keys; returns `ref` unchanged otherwise.
 */
export function withModuleKeys(ref: string, path: ModulePath): string {
  let pos = 0;
  let out = "";
  let changed = false;
  for (let i = 0; i < path.names.length; i++) {
    const step = `module.${path.names[i]}.`;
    if (!ref.startsWith(step, pos)) break;
    const key = path.keys[i]!;
    out += key ? `module.${path.names[i]}${key}.` : step;
    if (key) changed = true;
    pos += step.length;
  }
  return changed ? out + ref.slice(pos) : ref;
}
