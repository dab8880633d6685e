/** A waiver as it was written, checked but not yet applied to any result. */
export interface WaiverEntry {
  /** The rule it waives, spelled as the rule set spells it. */
  rule: string;
  target: WaiverTarget;
  reason: string;
  /** Last day (UTC, `YYYY-MM-DD`) on which it still waives. */
  until: string;
  owner?: string;
  origin: WaiverOrigin;
}

/**
 * What a waiver covers. An inline comment covers the resource it is written on (every instance of
 * it, for `count`/`for_each`); a waivers file entry covers whatever its glob matches.
 */
export type WaiverTarget =
  | {
      kind: "resource";
      /** Addresses of the resource instances the comment was found on. */
      addresses: string[];
      /** How listings name it: the address, or the base address and the number of instances. */
      label: string;
    }
  | {
      kind: "glob";
      /** `*` any run of characters, `?` exactly one, anything else itself; matched against the address or the ARN. */
      pattern: string;
    };

/** Where a waiver was written. */
export interface WaiverOrigin {
  kind: "inline" | "file";
  /** The `.tf` file (inline) or the waivers file, as the user named it. */
  file?: string;
  line?: number;
  /** File waivers: position in the `waivers:` list, from 0. */
  index?: number;
}

/** `main.tf:12`, `waivers.yaml:7`: how messages and listings say where a waiver is. */
export function originLabel(o: WaiverOrigin): string {
  const file = o.file ?? (o.kind === "inline" ? "inline comment" : "waivers file");
  return o.line !== undefined ? `${file}:${o.line}` : file;
}

/** How listings show a waiver's target. */
export function targetLabel(t: WaiverTarget): string {
  return t.kind === "resource" ? t.label : t.pattern;
}
