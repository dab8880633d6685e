/**
 * `cbguard:waive` comments of a resource block: on its first line, inside it, or in the run of
 * comment lines directly above it. Collected as written; the waivers module parses them.
 */
import type { WaiverComment } from "../../model/resource.js";
import type { Comment, SourceFile, Span } from "./syntax.js";

const MARKER = "cbguard:waive";

interface FileIndex {
  /** Comments alone on their lines, by the line they end on. */
  ownLineByEnd: Map<number, Comment>;
  waivers: Comment[];
}

const indexes = new WeakMap<SourceFile, FileIndex>();

function indexOf(file: SourceFile): FileIndex {
  let index = indexes.get(file);
  if (!index) {
    index = { ownLineByEnd: new Map(), waivers: file.comments.filter((c) => c.text.includes(MARKER)) };
    for (const c of file.comments) if (c.ownLine) index.ownLineByEnd.set(c.endLine, c);
    indexes.set(file, index);
  }
  return index;
}

export function waiverComments(file: SourceFile, span: Span): WaiverComment[] {
  const index = indexOf(file);
  if (index.waivers.length === 0) return [];
  const found: Comment[] = [];
  for (let line = span.startLine - 1, c = index.ownLineByEnd.get(line); c; line = c.startLine - 1, c = index.ownLineByEnd.get(line)) {
    if (c.text.includes(MARKER)) found.unshift(c);
  }
  for (const c of index.waivers) if (c.startLine >= span.startLine && c.startLine <= span.endLine) found.push(c);
  return found.map((c) => ({ text: afterMarker(c.text), location: { file: file.path, startLine: c.startLine, endLine: c.endLine } }));
}

function afterMarker(text: string): string {
  const rest = text.slice(text.indexOf(MARKER) + MARKER.length);
  return (text.startsWith("/*") ? rest.replace(/\*\/\s*$/, "") : rest).trim();
}
