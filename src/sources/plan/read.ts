/** Bytes in, checked UTF-8 out: every "this is not a readable text file" case ends here. */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { isUtf8 } from "node:buffer";
import { InputError } from "../../model/errors.js";
import type { ByteReader } from "./json.js";

/** How a plan input is named in messages: the path as given, or `<stdin>` for "-". */
export function inputLabel(path: string): string {
  return path === "-" ? "<stdin>" : path;
}

export function fail(label: string, what: string): never {
  throw new InputError(`${label}: ${what}`, label);
}

const DIRECTORY = "is a directory, not a plan file (give the JSON from `terraform show -json <planfile>`)";

function fsFailure(label: string, err: unknown): never {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") fail(label, "file not found");
  if (code === "EISDIR") fail(label, DIRECTORY);
  if (code === "EACCES" || code === "EPERM") fail(label, "permission denied");
  if (code === "ENAMETOOLONG") fail(label, "file name too long");
  if (code === "ERR_FS_FILE_TOO_LARGE") fail(label, "file too large to read");
  fail(label, `cannot be read (${code ?? "unknown error"})`);
}

/**
 * An opened input: a regular UTF-8 file is read in chunks through `reader` (call `close` when
 * done); anything else (stdin, pipes, UTF-16) is read whole and checked up front into `bytes`.
 */
export type PlanInput = { bytes: Buffer; reader?: undefined; close(): void } | { bytes?: undefined; reader: ByteReader; close(): void };

export async function openInput(path: string): Promise<PlanInput> {
  const label = inputLabel(path);
  if (path === "-") return whole(await readStdin(), label);
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    fsFailure(label, err);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) fail(label, DIRECTORY);
    const head = Buffer.alloc(3);
    const n = stat.isFile() ? readSync(fd, head, 0, 3, 0) : 0;
    const utf16 = n >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
    if (stat.isFile() && !utf16) {
      const bom = n === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
      const reader = new FileReader(fd, bom, label);
      return { reader, close: () => closeSync(fd) };
    }
    closeSync(fd);
  } catch (err) {
    closeSync(fd);
    if (err instanceof InputError) throw err;
    fsFailure(label, err);
  }
  // Pipes, devices and UTF-16 files: read whole.
  try {
    return whole(await readFile(path), label);
  } catch (err) {
    if (err instanceof InputError) throw err;
    fsFailure(label, err);
  }
}

function whole(raw: Buffer, label: string): PlanInput {
  return { bytes: toUtf8(raw, label), close: () => undefined };
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A regular file read on demand. Each chunk is checked as it arrives (no NUL byte, valid UTF-8,
 * with a character cut by the chunk end checked with the next chunk), so binary input is refused
 * before the JSON reader gets to it. Positions exclude a UTF-8 byte-order mark.
 */
class FileReader implements ByteReader {
  /** Everything before this position has been checked. */
  private checked = 0;
  /** The start of a character cut at the end of the last chunk, checked with the next one. */
  private carry = Buffer.alloc(0);

  constructor(
    private readonly fd: number,
    private readonly origin: number,
    private readonly label: string,
  ) {}

  read(target: Buffer, offset: number, length: number, position: number): number {
    let n: number;
    try {
      n = readSync(this.fd, target, offset, length, position + this.origin);
    } catch (err) {
      fsFailure(this.label, err);
    }
    // Re-reads (to count lines for an error message) cover checked bytes only.
    if (position >= this.checked) this.check(target.subarray(offset, offset + n), position);
    return n;
  }

  private check(data: Buffer, position: number): void {
    const nul = data.indexOf(0);
    if (nul !== -1) {
      const hint = position === 0 && looksLikeUtf16(data) ? " (UTF-16 without a byte-order mark? save it as UTF-8)" : "";
      fail(this.label, `contains binary data (a NUL byte at byte ${this.origin + position + nul}), not JSON text${hint}`);
    }
    const start = position - this.carry.length;
    let from = 0;
    if (this.carry.length > 0) {
      // Complete the cut character with the first bytes of this chunk.
      const need = sequenceLength(this.carry[0]!) - this.carry.length;
      const joined = Buffer.concat([this.carry, data.subarray(0, need)]);
      if (data.length < need || !isUtf8(joined)) this.notUtf8(start);
      from = need;
    }
    const cut = data.length === 0 ? 0 : incompleteTail(data, from);
    const body = data.subarray(from, cut);
    if (!isUtf8(body)) this.notUtf8(position + from + firstInvalidUtf8(body));
    this.carry = Buffer.from(data.subarray(cut));
    this.checked = position + data.length;
  }

  private notUtf8(at: number): never {
    fail(this.label, `is not UTF-8 text (invalid byte sequence at byte ${this.origin + at}): binary data?`);
  }
}

/** Bytes a UTF-8 sequence takes, from its first byte (1 for anything invalid: isUtf8 rejects it). */
function sequenceLength(lead: number): number {
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  return 1;
}

/** Where a character cut by the end of `data` starts (data.length when none is cut). */
function incompleteTail(data: Buffer, from: number): number {
  for (let p = data.length - 1; p >= Math.max(from, data.length - 3); p--) {
    const c = data[p]!;
    if ((c & 0xc0) !== 0x80) return sequenceLength(c) > data.length - p ? p : data.length;
  }
  return data.length;
}

/**
 * Returns UTF-8 bytes without a byte-order mark, for input read whole. UTF-16 with a BOM
 * (PowerShell's `>` writes it) is transcoded; NUL bytes or invalid UTF-8 are refused as binary.
 */
export function toUtf8(raw: Buffer, label: string): Buffer {
  if (raw.length === 0) fail(label, "is empty");
  let bytes: Buffer;
  if (raw[0] === 0xff && raw[1] === 0xfe) bytes = fromUtf16(raw, "utf-16le", label);
  else if (raw[0] === 0xfe && raw[1] === 0xff) bytes = fromUtf16(raw, "utf-16be", label);
  else {
    const bom = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? 3 : 0;
    bytes = raw.subarray(bom);
    const nul = bytes.indexOf(0);
    if (nul !== -1) {
      const hint = looksLikeUtf16(bytes) ? " (UTF-16 without a byte-order mark? save it as UTF-8)" : "";
      fail(label, `contains binary data (a NUL byte at byte ${nul + bom}), not JSON text${hint}`);
    }
    if (!isUtf8(bytes)) {
      fail(label, `is not UTF-8 text (invalid byte sequence at byte ${firstInvalidUtf8(bytes) + bom}): binary data?`);
    }
  }
  return bytes;
}

/** The same checks for text already in memory (`parsePlan`). */
export function textToUtf8(text: string, label: string): Buffer {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const nul = body.indexOf("\u0000");
  if (nul !== -1) fail(label, `contains binary data (a NUL character at character ${nul}), not JSON text`);
  return Buffer.from(body, "utf8");
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
    if (c < 0x80) {
      i++;
      continue;
    }
    const need = sequenceLength(c) - 1;
    if (need === 0) return i;
    const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
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
