/** Helpers for text laid out in columns on a terminal, shared by every table cbguard prints. */

/** Exactly `width` characters: cut with "…" or padded with spaces. */
export function cell(s: string, width: number): string {
  const t = truncate(s, width);
  return t + " ".repeat(width - length(t));
}

export function truncate(s: string, width: number): string {
  const chars = Array.from(s);
  return chars.length <= width ? s : `${chars.slice(0, width - 1).join("")}…`;
}

/** Length in code points, so an astral character counts once. */
export function length(s: string): number {
  return Array.from(s).length;
}

/**
 * Input may carry escape sequences or newlines (a crafted resource name, a waiver's reason):
 * printed raw they could rewrite the terminal or break the table.
 */
export function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ");
}
