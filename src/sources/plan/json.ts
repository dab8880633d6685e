/**
 * A validating JSON reader over UTF-8 bytes that parses only the parts asked for.
 *
 * A 100 MB plan parsed whole costs the text plus every parsed object, `prior_state` and the
 * `before`/`after` copies in `resource_changes` included. Walking the bytes instead lets the loader
 * skip those parts (still checking their syntax) and JSON.parse small pieces one at a time. Bytes
 * come through a window that slides forward over the file, so a file is never in memory whole.
 *
 * Speed matters here (every byte of a plan of hundreds of MB goes through `skip`), hence:
 * - a 0 byte is kept just after the valid bytes of the window, so the inner loops stop at the window
 *   end without a bounds check of their own; a 0 met there is then told apart from a real NUL
 *   (invalid in JSON anyway) by its position;
 * - short strings (keys, types, references) are decoded through a cache keyed by their bytes, since
 *   a plan repeats the same few thousand of them millions of times;
 * - strings and literals are decoded without a JSON.parse call.
 */

/** A syntax error at a byte offset; the caller turns it into a user-facing message. */
export class JsonSyntaxError extends Error {
  constructor(
    readonly what: string,
    readonly offset: number,
  ) {
    super(what);
  }
}

/** Sequential access to bytes that do not all fit in memory at once. */
export interface ByteReader {
  /** Copies bytes from `position` into `target` at `offset`; returns how many, 0 at the end. */
  read(target: Buffer, offset: number, length: number, position: number): number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

const OBJECT = 1;
const ARRAY = 2;
const END = -1;

/** Bytes that end a run of plain string content: quote, backslash, control characters (and the sentinel). */
const STRING_STOP = new Uint8Array(256);
STRING_STOP[QUOTE] = 1;
STRING_STOP[BACKSLASH] = 1;
for (let c = 0; c < 0x20; c++) STRING_STOP[c] = 1;
const WHITESPACE = new Uint8Array(256);
for (const c of [0x20, 0x0a, 0x0d, 0x09]) WHITESPACE[c] = 1;
/** Bytes allowed after a backslash in a JSON string (besides `u`). */
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const c of "0123456789abcdefABCDEF") HEX[c.charCodeAt(0)] = 1;

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

const CHUNK = 4 << 20;

export type JsonKind = "object" | "array" | "string" | "number" | "boolean" | "null" | "end" | "invalid";

export class JsonBytes {
  private readonly reader: ByteReader;
  /** Window over the input: `win[0]` is the byte at offset `base`; `len` bytes are valid, then a 0. */
  private win: Buffer;
  private base = 0;
  private len = 0;
  private eof = false;
  /** Earliest offset still needed (a value being parsed, a key being decoded); -1 when none. */
  private pin = -1;
  /** Set by `stringEnd`: the string just scanned has an escape, so its bytes are not its text. */
  private escaped = false;
  /** Container stack of `skip` (never re-entered: `skip` calls nothing that skips). */
  private stack = new Uint8Array(64);
  private readonly strings = new StringCache();

  /** A document in memory (`input`), or read through `input` with a window of `window` bytes. */
  constructor(input: Buffer | ByteReader, window = CHUNK) {
    if (Buffer.isBuffer(input)) {
      this.reader = bufferReader(input);
      window = Math.max(1, Math.min(window, input.length));
    } else this.reader = input;
    // One byte more for the sentinel.
    this.win = Buffer.allocUnsafe(window + 1);
    this.win[0] = 0;
  }

  /** `window` is the initial window size (tests use tiny ones to cross every boundary). */
  static ofReader(reader: ByteReader, window = CHUNK): JsonBytes {
    return new JsonBytes(reader, window);
  }

  /** Makes byte `i` available; false at the end of input. Drops bytes before `i` (or the pin). */
  private more(i: number): boolean {
    if (i < this.base + this.len) return true;
    if (this.eof) return false;
    const keep = this.pin >= 0 ? Math.min(this.pin, i) : i;
    const drop = Math.min(keep - this.base, this.len);
    if (drop > 0) {
      this.win.copyWithin(0, drop, this.len);
      this.base += drop;
      this.len -= drop;
    }
    while (i >= this.base + this.len && !this.eof) {
      if (this.len + 1 === this.win.length) {
        // A pinned value larger than the window: grow it.
        const bigger = Buffer.allocUnsafe(this.win.length * 2);
        this.win.copy(bigger, 0, 0, this.len);
        this.win = bigger;
      }
      const n = this.reader.read(this.win, this.len, this.win.length - 1 - this.len, this.base + this.len);
      if (n === 0) this.eof = true;
      this.len += n;
    }
    this.win[this.len] = 0;
    return i < this.base + this.len;
  }

  /** Byte at offset `i`, or END. */
  private byte(i: number): number {
    const k = i - this.base;
    if (k < 0) throw new Error(`internal: byte ${i} was already released`);
    if (k < this.len) return this.win[k]!;
    return this.more(i) ? this.win[i - this.base]! : END;
  }

  /**
   * First non-whitespace offset at or after `i`. That byte is then in the window: code may read it
   * as `win[i - base]` (the sentinel 0 at the end of input).
   */
  ws(i: number): number {
    for (;;) {
      const b = this.win;
      const o = this.base;
      let p = i - o;
      while (WHITESPACE[b[p]!] === 1) p++;
      i = p + o;
      if (p < this.len || !this.more(i)) return i;
    }
  }

  /** The byte at `i`, known to be in the window (just returned by `ws`). */
  private at(i: number): number {
    return this.win[i - this.base]!;
  }

  /** Pins `i` (keeps it in the window) on top of any pin; returns the previous pin for `unpin`. */
  private pinAt(i: number): number {
    const saved = this.pin;
    this.pin = saved >= 0 ? Math.min(saved, i) : i;
    return saved;
  }

  /** What kind of value starts at `i` (after whitespace), without reading it or moving past `i`. */
  kind(i: number): JsonKind {
    // Pinned: the caller reads the value from `i` next, so whitespace before it must stay.
    const saved = this.pinAt(i);
    const c = this.byte(this.ws(i));
    this.pin = saved;
    if (c === END) return "end";
    if (c === LBRACE) return "object";
    if (c === LBRACKET) return "array";
    if (c === QUOTE) return "string";
    if (c === MINUS || (c >= ZERO && c <= NINE)) return "number";
    if (c === 0x74 || c === 0x66) return "boolean";
    if (c === 0x6e) return "null";
    return "invalid";
  }

  private fail(what: string, i: number): never {
    // `i` may already have left the window (an escape cut by a refill): it is not the end then.
    if (i >= this.base && this.byte(i) === END) throw new JsonSyntaxError("unexpected end of input (the file looks truncated)", i);
    throw new JsonSyntaxError(what, i);
  }

  /** End (exclusive) of the string whose opening quote is at `i`; sets `escaped`. */
  private stringEnd(i: number): number {
    this.escaped = false;
    let b = this.win;
    let p = i + 1 - this.base;
    for (;;) {
      while (STRING_STOP[b[p]!] === 0) p++;
      const c = b[p]!;
      if (c === QUOTE) return p + 1 + this.base;
      if (c === BACKSLASH) {
        this.escaped = true;
        if (p + 6 <= this.len) {
          // Fast path: the longest escape is in the window.
          const e = b[p + 1]!;
          if (SIMPLE_ESCAPE[e] === 1) p += 2;
          else if (e === 0x75 && (HEX[b[p + 2]!]! & HEX[b[p + 3]!]! & HEX[b[p + 4]!]! & HEX[b[p + 5]!]!) === 1) p += 6;
          else this.fail(e === 0x75 ? "invalid \\u escape in a string" : "invalid escape in a string", p + this.base);
          continue;
        }
        p = this.escape(p + this.base) - this.base;
      } else {
        if (p < this.len) this.fail("control character inside a string", p + this.base);
        // The sentinel: more input, in a window that may have moved.
        const at = p + this.base;
        if (!this.more(at)) this.fail("", at);
        p = at - this.base;
      }
      b = this.win;
    }
  }

  /** The escape whose backslash is at `i`, near the window end; returns the offset after it. */
  private escape(i: number): number {
    const escape = this.byte(i + 1);
    if (escape === END) this.fail("", i + 1);
    if (SIMPLE_ESCAPE[escape] === 1) return i + 2;
    if (escape !== 0x75) this.fail("invalid escape in a string", i);
    for (let k = 2; k < 6; k++) {
      const h = this.byte(i + k);
      if (h === END) this.fail("", i + k);
      if (HEX[h] !== 1) this.fail("invalid \\u escape in a string", i);
    }
    return i + 6;
  }

  /** End of the number at `i`: a quick pass over the window, exact and refilling when it ends there. */
  private number(i: number): number {
    const b = this.win;
    let p = i - this.base;
    if (b[p] === MINUS) p++;
    let c = b[p]!;
    let ok = true;
    if (c === ZERO) c = b[++p]!;
    else if (c > ZERO && c <= NINE) while (c >= ZERO && c <= NINE) c = b[++p]!;
    else ok = false;
    if (ok && c === DOT) {
      c = b[++p]!;
      ok = c >= ZERO && c <= NINE;
      while (c >= ZERO && c <= NINE) c = b[++p]!;
    }
    if (ok && (c === 0x65 || c === 0x45)) {
      c = b[++p]!;
      if (c === PLUS || c === MINUS) c = b[++p]!;
      ok = c >= ZERO && c <= NINE;
      while (c >= ZERO && c <= NINE) c = b[++p]!;
    }
    // Invalid, or ending at the window end (it may go on): the exact path decides.
    return ok && p < this.len ? p + this.base : this.numberSlow(i);
  }

  private digits(i: number): number {
    const start = i;
    for (let c = this.byte(i); c >= ZERO && c <= NINE; c = this.byte(i)) i++;
    if (i === start) this.fail("invalid number", i);
    return i;
  }

  private numberSlow(i: number): number {
    if (this.byte(i) === MINUS) i++;
    if (this.byte(i) === ZERO) i++;
    else i = this.digits(i);
    if (this.byte(i) === DOT) i = this.digits(i + 1);
    const e = this.byte(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const sign = this.byte(i);
      if (sign === PLUS || sign === MINUS) i++;
      i = this.digits(i);
    }
    return i;
  }

  private literal(i: number, word: number[]): number {
    const p = i - this.base;
    if (p + word.length <= this.len) {
      const b = this.win;
      let k = 1; // the first byte chose the word
      while (k < word.length && b[p + k] === word[k]) k++;
      if (k === word.length) return i + k;
    }
    for (let k = 0; k < word.length; k++) {
      if (this.byte(i + k) !== word[k]) this.fail("unexpected character", i + k);
    }
    return i + word.length;
  }

  /** Offset of the value after `"key":`, given the end of the key. */
  private afterKey(keyEnd: number): number {
    const i = this.ws(keyEnd);
    if (this.at(i) !== COLON) this.fail("expected ':' after a property name", i);
    return this.ws(i + 1);
  }

  private key(i: number): number {
    if (this.at(i) !== QUOTE) this.fail("expected a property name in double quotes", i);
    return this.afterKey(this.stringEnd(i));
  }

  /** Validates the value starting at `start` (after whitespace) and returns its end. */
  skip(start: number): number {
    let depth = 0;
    let i = this.ws(start);
    for (;;) {
      // A value starts at i.
      const c = this.at(i);
      if (c === QUOTE) i = this.stringEnd(i);
      else if (c === LBRACE || c === LBRACKET) {
        i = this.ws(i + 1);
        if (this.at(i) === c + 2) i++; // `}` and `]` are 2 after `{` and `[`
        else {
          if (depth === this.stack.length) {
            const bigger = new Uint8Array(depth * 2);
            bigger.set(this.stack);
            this.stack = bigger;
          }
          this.stack[depth++] = c === LBRACE ? OBJECT : ARRAY;
          if (c === LBRACE) i = this.key(i);
          continue;
        }
      } else if (c === MINUS || (c >= ZERO && c <= NINE)) i = this.number(i);
      else if (c === 0x6e) i = this.literal(i, NULL);
      else if (c === 0x74) i = this.literal(i, TRUE);
      else if (c === 0x66) i = this.literal(i, FALSE);
      else this.fail("unexpected character", i);
      // After a value: close containers, or move on to the next member or element.
      for (;;) {
        if (depth === 0) return i;
        const top = this.stack[depth - 1];
        i = this.ws(i);
        const d = this.at(i);
        if (d === COMMA) {
          i = this.ws(i + 1);
          if (top === OBJECT) i = this.key(i);
          break;
        }
        if ((d === RBRACE && top === OBJECT) || (d === RBRACKET && top === ARRAY)) {
          depth--;
          i++;
          continue;
        }
        this.fail(top === OBJECT ? "expected ',' or '}'" : "expected ',' or ']'", i);
      }
    }
  }

  /**
   * Calls `member` with each key and the offset of its value; `member` must consume the value
   * (skip, parse or walk it) and return its end. Returns the end of the object.
   */
  object(start: number, member: (key: string, valueStart: number) => number): number {
    let i = this.ws(start);
    if (this.at(i) !== LBRACE) this.fail("expected an object", i);
    i = this.ws(i + 1);
    if (this.at(i) === RBRACE) return i + 1;
    for (;;) {
      if (this.at(i) !== QUOTE) this.fail("expected a property name in double quotes", i);
      const saved = this.pinAt(i);
      const keyEnd = this.stringEnd(i);
      const key = this.decode(i, keyEnd);
      this.pin = saved;
      i = this.ws(member(key, this.afterKey(keyEnd)));
      const c = this.at(i);
      if (c === COMMA) {
        i = this.ws(i + 1);
        continue;
      }
      if (c === RBRACE) return i + 1;
      this.fail("expected ',' or '}'", i);
    }
  }

  /** Like `object` for the elements of an array. */
  array(start: number, element: (valueStart: number) => number): number {
    let i = this.ws(start);
    if (this.at(i) !== LBRACKET) this.fail("expected an array", i);
    i = this.ws(i + 1);
    if (this.at(i) === RBRACKET) return i + 1;
    for (;;) {
      i = this.ws(element(i));
      const c = this.at(i);
      if (c === COMMA) {
        i = this.ws(i + 1);
        continue;
      }
      if (c === RBRACKET) return i + 1;
      this.fail("expected ',' or ']'", i);
    }
  }

  /** Validates and parses the value at `start`; returns it with its end. */
  parse(start: number): { value: unknown; end: number } {
    const from = this.ws(start);
    const c = this.at(from);
    // Strings and literals need no JSON.parse call.
    if (c === QUOTE) {
      const saved = this.pinAt(from);
      const end = this.stringEnd(from);
      const value = this.decode(from, end);
      this.pin = saved;
      return { value, end };
    }
    if (c === 0x6e) return { value: null, end: this.literal(from, NULL) };
    if (c === 0x74) return { value: true, end: this.literal(from, TRUE) };
    if (c === 0x66) return { value: false, end: this.literal(from, FALSE) };
    const saved = this.pinAt(from);
    const end = this.skip(from);
    const text = this.win.toString("utf8", from - this.base, end - this.base);
    this.pin = saved;
    return { value: JSON.parse(text) as unknown, end };
  }

  /**
   * Like `parse`, through `cache`, keyed by the value's bytes: a plan repeats the same small trees
   * (the `after_unknown` of a resource type, `sensitive_values` marking nothing) thousands of
   * times. `make` turns the parsed value into what is cached; the result is shared, not copied.
   */
  parseShared<T>(start: number, cache: SharedValues<T>, make: (value: unknown) => T): { value: T; end: number } {
    const from = this.ws(start);
    const saved = this.pinAt(from);
    const end = this.skip(from);
    const a = from - this.base;
    const b = end - this.base;
    let entry = cache.get(this.win, a, b);
    if (entry === undefined) {
      entry = { value: make(JSON.parse(this.win.toString("utf8", a, b))) };
      cache.add(this.win, a, b, entry);
    }
    this.pin = saved;
    return { value: entry.value, end };
  }

  /** Checks that nothing but whitespace follows the top-level value. */
  expectEnd(i: number): void {
    i = this.ws(i);
    if (this.byte(i) !== END) this.fail("unexpected data after the end of the JSON document", i);
  }

  /** The string whose quotes are at `open` and `end - 1` (both in the window: it is pinned). */
  private decode(open: number, end: number): string {
    const o = this.base;
    if (this.escaped) return JSON.parse(this.win.toString("utf8", open - o, end - o)) as string;
    return this.strings.get(this.win, open + 1 - o, end - 1 - o);
  }
}

/** A `ByteReader` over a document already in memory. */
function bufferReader(bytes: Buffer): ByteReader {
  return {
    read(target, offset, length, position) {
      return bytes.copy(target, offset, position, Math.min(bytes.length, position + length));
    },
  };
}

const CACHED_MAX = 48;
const CACHE_SLOTS = 1 << 13;

/**
 * Short strings decoded once per distinct bytes: a direct-mapped table (a collision replaces the
 * slot) keyed by a hash of the bytes and checked against a copy of them.
 */
class StringCache {
  private readonly hashes = new Int32Array(CACHE_SLOTS);
  private readonly bytes: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(CACHE_SLOTS).fill(undefined);
  private readonly texts: string[] = new Array<string>(CACHE_SLOTS).fill("");

  get(b: Buffer, from: number, to: number): string {
    const n = to - from;
    if (n > CACHED_MAX) return b.toString("utf8", from, to);
    let h = n;
    for (let k = from; k < to; k++) h = (Math.imul(h, 0x01000193) ^ b[k]!) | 0;
    const slot = (h ^ (h >>> 13)) & (CACHE_SLOTS - 1);
    const known = this.bytes[slot];
    if (known !== undefined && this.hashes[slot] === h && known.length === n) {
      let k = 0;
      while (k < n && known[k] === b[from + k]) k++;
      if (k === n) return this.texts[slot]!;
    }
    const text = b.toString("utf8", from, to);
    this.hashes[slot] = h;
    this.bytes[slot] = new Uint8Array(b.subarray(from, to));
    this.texts[slot] = text;
    return text;
  }
}

/**
 * Values cached by `parseShared`, by their bytes, up to a bound (a plan whose pieces never repeat
 * gains nothing). Looked up without building a string: a hash of the length and a sample of the
 * bytes picks a bucket, whose entries are compared byte for byte.
 */
export class SharedValues<T> {
  private readonly buckets = new Map<number, { bytes: Buffer; value: T }[]>();
  private size = 0;

  constructor(private readonly max = 4096) {}

  get(b: Buffer, from: number, to: number): { value: T } | undefined {
    const bucket = this.buckets.get(sampleHash(b, from, to));
    if (bucket === undefined) return undefined;
    const n = to - from;
    for (const entry of bucket) if (entry.bytes.length === n && b.compare(entry.bytes, 0, n, from, to) === 0) return entry;
    return undefined;
  }

  add(b: Buffer, from: number, to: number, entry: { value: T }): void {
    if (this.size === this.max) return;
    this.size++;
    const h = sampleHash(b, from, to);
    let bucket = this.buckets.get(h);
    if (!bucket) this.buckets.set(h, (bucket = []));
    bucket.push({ bytes: Buffer.from(b.subarray(from, to)), value: entry.value });
  }
}

/** Up to 64 bytes spread over the range, and its length: cheap, and enough to tell pieces apart. */
function sampleHash(b: Buffer, from: number, to: number): number {
  const n = to - from;
  const step = n <= 64 ? 1 : n >>> 6;
  let h = n;
  for (let k = from; k < to; k += step) h = (Math.imul(h, 0x01000193) ^ b[k]!) | 0;
  return h;
}

/** 1-based line and column (in characters) of a byte offset, reading the input again from the start. */
export function lineColumn(input: Buffer | ByteReader, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  const count = (chunk: Buffer, n: number) => {
    for (let i = 0; i < n; i++) {
      const c = chunk[i]!;
      if (c === 0x0a) {
        line++;
        column = 1;
      } else if ((c & 0xc0) !== 0x80) column++; // UTF-8 continuation bytes are 10xxxxxx
    }
  };
  if (Buffer.isBuffer(input)) {
    count(input, Math.min(offset, input.length));
    return { line, column };
  }
  const chunk = Buffer.allocUnsafe(1 << 20);
  for (let position = 0; position < offset; ) {
    const n = input.read(chunk, 0, Math.min(chunk.length, offset - position), position);
    if (n === 0) break;
    count(chunk, n);
    position += n;
  }
  return { line, column };
}
