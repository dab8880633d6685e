/**
 * A validating JSON reader over UTF-8 bytes that parses only the parts asked for.
 *
 * A 100 MB plan parsed whole costs the text plus every parsed object, `prior_state` and the
 * `before`/`after` copies in `resource_changes` included; walking the bytes instead lets the loader
 * skip those parts (still checking their syntax) and JSON.parse small pieces one at a time.
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

/** Bytes allowed after a backslash in a JSON string (besides `u`). */
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const c of "0123456789abcdefABCDEF") HEX[c.charCodeAt(0)] = 1;

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

export type JsonKind = "object" | "array" | "string" | "number" | "boolean" | "null" | "end" | "invalid";

export class JsonBytes {
  private readonly n: number;

  constructor(readonly bytes: Buffer) {
    this.n = bytes.length;
  }

  /** First non-whitespace offset at or after `i`. */
  ws(i: number): number {
    const b = this.bytes;
    const n = this.n;
    while (i < n) {
      const c = b[i];
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    return i;
  }

  /** What kind of value starts at `i` (after whitespace), without reading it. */
  kind(i: number): JsonKind {
    i = this.ws(i);
    if (i >= this.n) return "end";
    const c = this.bytes[i]!;
    if (c === LBRACE) return "object";
    if (c === LBRACKET) return "array";
    if (c === QUOTE) return "string";
    if (c === MINUS || (c >= ZERO && c <= NINE)) return "number";
    if (c === 0x74 || c === 0x66) return "boolean";
    if (c === 0x6e) return "null";
    return "invalid";
  }

  private fail(what: string, i: number): never {
    if (i >= this.n) throw new JsonSyntaxError("unexpected end of input (the file looks truncated)", this.n);
    throw new JsonSyntaxError(what, i);
  }

  /** End (exclusive) of the string whose opening quote is at `i`. */
  private string(i: number): number {
    const b = this.bytes;
    const n = this.n;
    i++;
    for (;;) {
      if (i >= n) this.fail("", i);
      const c = b[i]!;
      if (c === QUOTE) return i + 1;
      if (c === BACKSLASH) {
        const e = b[i + 1];
        if (e === undefined) this.fail("", n);
        if (SIMPLE_ESCAPE[e] === 1) i += 2;
        else if (e === 0x75) {
          for (let k = 2; k < 6; k++) {
            const h = b[i + k];
            if (h === undefined) this.fail("", n);
            if (HEX[h] !== 1) this.fail("invalid \\u escape in a string", i);
          }
          i += 6;
        } else this.fail("invalid escape in a string", i);
      } else if (c < 0x20) this.fail("control character inside a string", i);
      else i++;
    }
  }

  private digits(i: number): number {
    const b = this.bytes;
    const start = i;
    while (i < this.n && b[i]! >= ZERO && b[i]! <= NINE) i++;
    if (i === start) this.fail("invalid number", i);
    return i;
  }

  private number(i: number): number {
    const b = this.bytes;
    if (b[i] === MINUS) i++;
    if (b[i] === ZERO) i++;
    else i = this.digits(i);
    if (b[i] === 0x2e) i = this.digits(i + 1);
    if (b[i] === 0x65 || b[i] === 0x45) {
      i++;
      if (b[i] === 0x2b || b[i] === MINUS) i++;
      i = this.digits(i);
    }
    return i;
  }

  private literal(i: number, word: number[]): number {
    for (let k = 0; k < word.length; k++) {
      if (this.bytes[i + k] !== word[k]) this.fail("unexpected character", i + k);
    }
    return i + word.length;
  }

  /** Offset of the value after `"key":` for a key whose opening quote should be at `i`. */
  private afterKey(i: number, keyEnd: number): number {
    i = this.ws(keyEnd);
    if (this.bytes[i] !== COLON) this.fail("expected ':' after a property name", i);
    return this.ws(i + 1);
  }

  /** Validates the value starting at `start` (after whitespace) and returns its end. */
  skip(start: number): number {
    const b = this.bytes;
    const stack: number[] = [];
    let i = this.ws(start);
    for (;;) {
      // A value starts at i.
      if (i >= this.n) this.fail("", i);
      const c = b[i]!;
      if (c === LBRACE) {
        i = this.ws(i + 1);
        if (b[i] === RBRACE) i++;
        else {
          if (b[i] !== QUOTE) this.fail("expected a property name in double quotes", i);
          stack.push(OBJECT);
          i = this.afterKey(i, this.string(i));
          continue;
        }
      } else if (c === LBRACKET) {
        i = this.ws(i + 1);
        if (b[i] === RBRACKET) i++;
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
        const d = b[i];
        if (d === COMMA) {
          i = this.ws(i + 1);
          if (top === OBJECT) {
            if (b[i] !== QUOTE) this.fail("expected a property name in double quotes", i);
            i = this.afterKey(i, this.string(i));
          }
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
    const b = this.bytes;
    let i = this.ws(start);
    if (b[i] !== LBRACE) this.fail("expected an object", i);
    i = this.ws(i + 1);
    if (b[i] === RBRACE) return i + 1;
    for (;;) {
      if (b[i] !== QUOTE) this.fail("expected a property name in double quotes", i);
      const keyEnd = this.string(i);
      const key = this.decodeKey(i, keyEnd);
      i = this.ws(member(key, this.afterKey(i, keyEnd)));
      if (b[i] === COMMA) {
        i = this.ws(i + 1);
        continue;
      }
      if (b[i] === RBRACE) return i + 1;
      this.fail("expected ',' or '}'", i);
    }
  }

  /** Like `object` for the elements of an array. */
  array(start: number, element: (valueStart: number) => number): number {
    const b = this.bytes;
    let i = this.ws(start);
    if (b[i] !== LBRACKET) this.fail("expected an array", i);
    i = this.ws(i + 1);
    if (b[i] === RBRACKET) return i + 1;
    for (;;) {
      i = this.ws(element(i));
      if (b[i] === COMMA) {
        i = this.ws(i + 1);
        continue;
      }
      if (b[i] === RBRACKET) return i + 1;
      this.fail("expected ',' or ']'", i);
    }
  }

  /** Validates and parses the value at `start`; returns it with its end. */
  parse(start: number): { value: unknown; end: number } {
    const from = this.ws(start);
    const end = this.skip(from);
    return { value: JSON.parse(this.bytes.toString("utf8", from, end)) as unknown, end };
  }

  /** Checks that nothing but whitespace follows the top-level value. */
  expectEnd(i: number): void {
    i = this.ws(i);
    if (i < this.n) this.fail("unexpected data after the end of the JSON document", i);
  }

  private decodeKey(open: number, end: number): string {
    const b = this.bytes;
    for (let i = open + 1; i < end - 1; i++) {
      if (b[i] === BACKSLASH) return JSON.parse(b.toString("utf8", open, end)) as string;
    }
    return b.toString("utf8", open + 1, end - 1);
  }
}

/** 1-based line and column (in characters) of a byte offset in UTF-8 text. */
export function lineColumn(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let line = 1;
  let lineStart = 0;
  for (;;) {
    const nl = buf.indexOf(0x0a, lineStart);
    if (nl === -1 || nl >= offset) break;
    line++;
    lineStart = nl + 1;
  }
  let column = 1;
  const stop = Math.min(offset, buf.length);
  // Count characters, not bytes: UTF-8 continuation bytes are 10xxxxxx.
  for (let i = lineStart; i < stop; i++) if ((buf[i]! & 0xc0) !== 0x80) column++;
  return { line, column };
}
