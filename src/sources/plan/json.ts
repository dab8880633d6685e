/**
 * A validating JSON reader over UTF-8 bytes that parses only the parts asked for.
 *
 * A 100 MB plan parsed whole costs the text plus every parsed object, `prior_state` and the
 * `before`/`after` copies in `resource_changes` included. Walking the bytes instead lets the loader
 * skip those parts (still checking their syntax) and JSON.parse small pieces one at a time. Bytes
 * come through a window that slides forward over the file, so a file is never in memory whole.
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
const ZERO = 0x30;
const NINE = 0x39;

const OBJECT = 1;
const ARRAY = 2;
const END = -1;

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
  /** Window over the input: `win[0]` is the byte at offset `base`; `len` bytes are valid. */
  private win: Buffer;
  private base = 0;
  private len: number;
  private eof: boolean;
  /** Earliest offset still needed (a value being parsed, a key being decoded); -1 when none. */
  private pin = -1;

  constructor(
    input: Buffer,
    private readonly reader?: ByteReader,
  ) {
    // With a reader, `input` is the (empty) first window; without, it is the whole document.
    this.win = input;
    this.len = reader ? 0 : input.length;
    this.eof = !reader;
  }

  /** `window` is the initial window size (tests use tiny ones to cross every boundary). */
  static ofReader(reader: ByteReader, window = CHUNK): JsonBytes {
    return new JsonBytes(Buffer.allocUnsafe(window), reader);
  }

  /** Makes byte `i` available; false at the end of input. Drops bytes before `i` (or the pin). */
  private more(i: number): boolean {
    if (i < this.base + this.len) return true;
    if (this.eof || !this.reader) return false;
    const keep = this.pin >= 0 ? Math.min(this.pin, i) : i;
    const drop = Math.min(keep - this.base, this.len);
    if (drop > 0) {
      this.win.copyWithin(0, drop, this.len);
      this.base += drop;
      this.len -= drop;
    }
    while (i >= this.base + this.len && !this.eof) {
      if (this.len === this.win.length) {
        // A pinned value larger than the window: grow it.
        const bigger = Buffer.allocUnsafe(this.win.length * 2);
        this.win.copy(bigger, 0, 0, this.len);
        this.win = bigger;
      }
      const n = this.reader.read(this.win, this.len, this.win.length - this.len, this.base + this.len);
      if (n === 0) this.eof = true;
      this.len += n;
    }
    return i < this.base + this.len;
  }

  /** Byte at offset `i`, or END. */
  private byte(i: number): number {
    const k = i - this.base;
    if (k < 0) throw new Error(`internal: byte ${i} was already released`);
    if (k < this.len) return this.win[k]!;
    return this.more(i) ? this.win[i - this.base]! : END;
  }

  /** First non-whitespace offset at or after `i`. */
  ws(i: number): number {
    for (;;) {
      const b = this.win;
      const o = this.base;
      const e = o + this.len;
      while (i < e) {
        const c = b[i - o];
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
        else return i;
      }
      if (!this.more(i)) return i;
    }
  }

  /** What kind of value starts at `i` (after whitespace), without reading it or moving past `i`. */
  kind(i: number): JsonKind {
    // Pinned: the caller reads the value from `i` next, so whitespace before it must stay.
    const saved = this.pin;
    this.pin = this.pin >= 0 ? Math.min(this.pin, i) : i;
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

  /** End (exclusive) of the string whose opening quote is at `i`. */
  private string(i: number): number {
    i++;
    for (;;) {
      const b = this.win;
      const o = this.base;
      const e = o + this.len;
      while (i < e) {
        const c = b[i - o]!;
        if (c === QUOTE) return i + 1;
        if (c === BACKSLASH) break;
        if (c < 0x20) this.fail("control character inside a string", i);
        i++;
      }
      if (i >= e) {
        if (!this.more(i)) this.fail("", i);
        continue;
      }
      // A backslash at i.
      const escape = this.byte(i + 1);
      if (escape === END) this.fail("", i + 1);
      if (SIMPLE_ESCAPE[escape] === 1) i += 2;
      else if (escape === 0x75) {
        for (let k = 2; k < 6; k++) {
          const h = this.byte(i + k);
          if (h === END) this.fail("", i + k);
          if (HEX[h] !== 1) this.fail("invalid \\u escape in a string", i);
        }
        i += 6;
      } else this.fail("invalid escape in a string", i);
    }
  }

  private digits(i: number): number {
    const start = i;
    for (let c = this.byte(i); c >= ZERO && c <= NINE; c = this.byte(i)) i++;
    if (i === start) this.fail("invalid number", i);
    return i;
  }

  private number(i: number): number {
    if (this.byte(i) === MINUS) i++;
    if (this.byte(i) === ZERO) i++;
    else i = this.digits(i);
    if (this.byte(i) === 0x2e) i = this.digits(i + 1);
    const e = this.byte(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const sign = this.byte(i);
      if (sign === 0x2b || sign === MINUS) i++;
      i = this.digits(i);
    }
    return i;
  }

  private literal(i: number, word: number[]): number {
    for (let k = 0; k < word.length; k++) {
      if (this.byte(i + k) !== word[k]) this.fail("unexpected character", i + k);
    }
    return i + word.length;
  }

  /** Offset of the value after `"key":`, given the end of the key. */
  private afterKey(keyEnd: number): number {
    const i = this.ws(keyEnd);
    if (this.byte(i) !== COLON) this.fail("expected ':' after a property name", i);
    return this.ws(i + 1);
  }

  private key(i: number): number {
    if (this.byte(i) !== QUOTE) this.fail("expected a property name in double quotes", i);
    return this.afterKey(this.string(i));
  }

  /** Validates the value starting at `start` (after whitespace) and returns its end. */
  skip(start: number): number {
    const stack: number[] = [];
    let i = this.ws(start);
    for (;;) {
      // A value starts at i.
      const c = this.byte(i);
      if (c === LBRACE) {
        i = this.ws(i + 1);
        if (this.byte(i) === RBRACE) i++;
        else {
          stack.push(OBJECT);
          i = this.key(i);
          continue;
        }
      } else if (c === LBRACKET) {
        i = this.ws(i + 1);
        if (this.byte(i) === RBRACKET) i++;
        else {
          stack.push(ARRAY);
          continue;
        }
      } else if (c === QUOTE) i = this.string(i);
      else if (c === MINUS || (c >= ZERO && c <= NINE)) i = this.number(i);
      else if (c === 0x74) i = this.literal(i, TRUE);
      else if (c === 0x66) i = this.literal(i, FALSE);
      else if (c === 0x6e) i = this.literal(i, NULL);
      else this.fail("unexpected character", i);
      // After a value: close containers, or move on to the next member or element.
      for (;;) {
        const top = stack[stack.length - 1];
        if (top === undefined) return i;
        i = this.ws(i);
        const d = this.byte(i);
        if (d === COMMA) {
          i = this.ws(i + 1);
          if (top === OBJECT) i = this.key(i);
          break;
        }
        if ((d === RBRACE && top === OBJECT) || (d === RBRACKET && top === ARRAY)) {
          stack.pop();
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
    if (this.byte(i) !== LBRACE) this.fail("expected an object", i);
    i = this.ws(i + 1);
    if (this.byte(i) === RBRACE) return i + 1;
    for (;;) {
      if (this.byte(i) !== QUOTE) this.fail("expected a property name in double quotes", i);
      const saved = this.pin;
      this.pin = i;
      const keyEnd = this.string(i);
      const key = this.decodeKey(i, keyEnd);
      this.pin = saved;
      i = this.ws(member(key, this.afterKey(keyEnd)));
      const c = this.byte(i);
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
    if (this.byte(i) !== LBRACKET) this.fail("expected an array", i);
    i = this.ws(i + 1);
    if (this.byte(i) === RBRACKET) return i + 1;
    for (;;) {
      i = this.ws(element(i));
      const c = this.byte(i);
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
    const saved = this.pin;
    this.pin = from;
    const end = this.skip(from);
    const text = this.win.toString("utf8", from - this.base, end - this.base);
    this.pin = saved;
    return { value: JSON.parse(text) as unknown, end };
  }

  /** Checks that nothing but whitespace follows the top-level value. */
  expectEnd(i: number): void {
    i = this.ws(i);
    if (this.byte(i) !== END) this.fail("unexpected data after the end of the JSON document", i);
  }

  /** The key whose quotes are at `open` and `end - 1` (both in the window: the key is pinned). */
  private decodeKey(open: number, end: number): string {
    const b = this.win;
    const o = this.base;
    for (let i = open + 1; i < end - 1; i++) {
      if (b[i - o] === BACKSLASH) return JSON.parse(b.toString("utf8", open - o, end - o)) as string;
    }
    return b.toString("utf8", open + 1 - o, end - 1 - o);
  }
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
