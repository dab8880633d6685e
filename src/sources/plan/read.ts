/** Bytes in, checked UTF-8 bytes out: every "this is not a readable text file" case ends here. */
import { readFile } from "node:fs/promises";
import { isUtf8 } from "node:buffer";
import { InputError } from "../../model/errors.js";

/** How a plan input is named in messages: the path as given, or `<stdin>` for "-". */
export function inputLabel(path: string): string {
  return path === "-" ? "<stdin>" : path;
}

export function fail(label: string, what: string): never {
  throw new InputError(`${label}: ${what}`, label);
}

/** Reads a whole file, or stdin for "-", mapping file-system errors to one-line messages. */
export async function readInput(path: string): Promise<Buffer> {
  const label = inputLabel(path);
  if (path === "-") return readStdin();
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") fail(label, "file not found");
    if (code === "EISDIR") fail(label, "is a directory, not a plan file (give the JSON from `terraform show -json <planfile>`)");
    if (code === "EACCES" || code === "EPERM") fail(label, "permission denied");
    if (code === "ENAMETOOLONG") fail(label, "file name too long");
    if (code === "ERR_FS_FILE_TOO_LARGE") fail(label, "file too large to read");
    fail(label, `cannot be read (${code ?? "unknown error"})`);
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Returns UTF-8 bytes without a byte-order mark. UTF-16 with a BOM (PowerShell's `>` writes it) is
 * transcoded; anything with NUL bytes or invalid UTF-8 is refused as binary.
 */
export function toUtf8(raw: Buffer, label: string): Buffer {
  if (raw.length === 0) fail(label, "is empty");
  let bytes: Buffer;
  if (raw[0] === 0xff && raw[1] === 0xfe) bytes = fromUtf16(raw, "utf-16le", label);
  else if (raw[0] === 0xfe && raw[1] === 0xff) bytes = fromUtf16(raw, "utf-16be", label);
  else {
    bytes = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? raw.subarray(3) : raw;
    const nul = bytes.indexOf(0);
    if (nul !== -1) {
      const hint = looksLikeUtf16(bytes) ? " (UTF-16 without a byte-order mark? save it as UTF-8)" : "";
      fail(label, `contains binary data (a NUL byte at byte ${nul + (raw.length - bytes.length)}), not JSON text${hint}`);
    }
    if (!isUtf8(bytes)) {
      fail(label, `is not UTF-8 text (invalid byte sequence at byte ${firstInvalidUtf8(bytes) + (raw.length - bytes.length)}): binary data?`);
    }
  }
  if (isBlank(bytes)) fail(label, "is empty");
  return bytes;
}

/** The same checks for text already in memory (`parsePlan`). */
export function textToUtf8(text: string, label: string): Buffer {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const nul = body.indexOf("\u0000");
  if (nul !== -1) fail(label, `contains binary data (a NUL character at character ${nul}), not JSON text`);
  const bytes = Buffer.from(body, "utf8");
  if (isBlank(bytes)) fail(label, "is empty");
  return bytes;
}

function fromUtf16(raw: Buffer, encoding: "utf-16le" | "utf-16be", label: string): Buffer {
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(raw);
  } catch {
    fail(label, `is not valid ${encoding.toUpperCase()} text (it starts with a UTF-16 byte-order mark)`);
  }
  const nul = text.indexOf("\u0000");
  if (nul !== -1) fail(label, `contains binary data (a NUL character at character ${nul}), not JSON text`);
  return Buffer.from(text, "utf8");
}

function isBlank(bytes: Buffer): boolean {
  for (const c of bytes) if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  return true;
}

/** Every other byte NUL in the first bytes: UTF-16 text that lost its BOM. */
function looksLikeUtf16(bytes: Buffer): boolean {
  const n = Math.min(bytes.length, 64) & ~1;
  if (n < 4) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  return even === n / 2 || odd === n / 2;
}

/** Offset of the first byte that breaks UTF-8 (only called once isUtf8 said no). */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let need: number;
    let min: number;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return b.length;
}
