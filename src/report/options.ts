import { posix } from "node:path";

/** The one options object every formatter takes; each reads only the fields it needs. */
export interface ReportOptions {
  /** cbguard's own version, written into every report. */
  toolVersion: string;
  /**
   * Directory every artifact URI and displayed file path is made relative to (the repository root
   * in CI). Required: a pure formatter may not fall back to `process.cwd()` itself.
   */
  baseDir: string;
  /**
   * Absolute directory that relative location files and a relative `baseDir` are relative to; the
   * CLI passes `process.cwd()`. Without it, relative paths are only compared with each other, so
   * an absolute file under a relative `baseDir` (or the reverse) cannot be placed and is shown by
   * its basename.
   */
  cwd?: string;
  /** Prefix of every runbook link; a rule's runbook path is appended. */
  runbookBaseUrl?: string;
  /** ANSI colour in the text format; the CLI sets it only when stdout is a TTY. */
  color?: boolean;
  /** SARIF `automationDetails.id` category; default `cbguard/<kind>`. One per upload on GitHub. */
  sarifCategory?: string;
  /** SARIF artifact URI for results with no file (live resources, scope results). */
  liveUri?: string;
  /** Absolute path (or file URL) of the source root, written as SARIF `%SRCROOT%` when given. */
  srcRoot?: string;
  /** SARIF `tool.driver.informationUri`. */
  informationUri?: string;
}

export const DEFAULT_RUNBOOK_BASE_URL = "https://github.com/classboard/classboard-guard/blob/main/";
export const DEFAULT_INFORMATION_URI = "https://github.com/classboard/classboard-guard";
export const DEFAULT_LIVE_URI = "cbguard-live-scan";

/** Link to a rule's runbook: the base URL and the repository-relative path, one slash between. */
export function runbookUrl(runbook: string, options: ReportOptions): string {
  const base = options.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL;
  const path = runbook.replace(/\\/g, "/").replace(/^\/+/, "");
  return `${base.replace(/\/+$/, "")}/${encodeURI(path)}`;
}

// Stands in for an unknown cwd so relative paths resolve against each other without ever calling
// process.cwd() (which path.resolve does when nothing absolute is given).
const UNKNOWN_CWD = "/\u0000cwd";

/** A path as posix, absolute, normalised: `C:\x` becomes `/c:/x`, relative ones join `cwd`. */
function absolute(p: string, cwd: string): string {
  let s = p.replace(/\\/g, "/");
  if (s.startsWith("file://")) s = decodeOr(s.slice("file://".length));
  const drive = /^\/?([A-Za-z]):(\/|$)/.exec(s);
  if (drive) s = `/${drive[1]!.toLowerCase()}:${s.slice(drive[0].length - drive[2]!.length)}`;
  return s.startsWith("/") ? posix.normalize(s) : posix.join(absolute(cwd, "/"), s);
}

function decodeOr(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a stray "%" in a file URL: keep the text rather than fail the whole report
  }
}

/**
 * A location's file relative to `baseDir`, with forward slashes; undefined when the file is not
 * under `baseDir` (or cannot be placed against it).
 */
export function pathUnderBase(file: string, options: ReportOptions): string | undefined {
  const cwd = options.cwd ?? UNKNOWN_CWD;
  const rel = posix.relative(absolute(options.baseDir, cwd), absolute(file, cwd));
  return rel === "" || rel === ".." || rel.startsWith("../") ? undefined : rel;
}

/**
 * Where a file is, for a report a reader or code scanning sees: relative to `baseDir`, or, for a
 * file outside it, its basename alone. A `../` escape or an absolute path would be rejected by
 * code scanning and would show the runner's directory layout.
 */
export function relativePath(file: string, options: ReportOptions): string {
  return pathUnderBase(file, options) ?? (posix.basename(absolute(file, "/")) || file);
}

/** A relative path as a URI reference: each segment percent-encoded, never a leading "/". */
export function pathToUri(relPath: string): string {
  return relPath
    .replace(/\\/g, "/")
    .split("/")
    .filter((seg) => seg !== "" && seg !== ".")
    .map(encodeURIComponent)
    .join("/");
}

/** `srcRoot` as an absolute file URL ending in "/", as SARIF's originalUriBaseIds wants. */
export function directoryFileUrl(dir: string, options: ReportOptions): string {
  if (dir.startsWith("file://")) return dir.endsWith("/") ? dir : `${dir}/`;
  const isAbsolute = /^([A-Za-z]:)?[\\/]/.test(dir);
  if (!isAbsolute && options.cwd === undefined) {
    throw new Error(`srcRoot "${dir}" must be absolute (or give cwd to resolve it)`);
  }
  const abs = absolute(dir, options.cwd ?? "/");
  const encoded = abs.split("/").map((seg) => (/^[a-z]:$/.test(seg) ? seg : encodeURIComponent(seg)));
  const path = encoded.join("/");
  return `file://${path.endsWith("/") ? path : `${path}/`}`;
}
