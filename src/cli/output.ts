import { writeFileSync } from "node:fs";
import { InputError } from "../model/errors.js";

/** Writes a report to `-o file`, or to stdout; a trailing newline either way. */
export function emit(text: string, outFile: string | undefined): void {
  const body = text.endsWith("\n") ? text : `${text}\n`;
  if (!outFile || outFile === "-") {
    process.stdout.write(body);
    return;
  }
  try {
    writeFileSync(outFile, body);
  } catch (e) {
    throw new InputError(`${outFile}: cannot write (${(e as NodeJS.ErrnoException).code ?? "error"})`, outFile);
  }
}

/** Progress for long work goes to stderr, and only when a person is watching. */
export function progress(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`${message}\n`);
}

/**
 * A status line that rewrites itself on a terminal (stderr), at most every 200 ms; `undefined` ends
 * it. Nothing at all when stderr is not a terminal, so CI logs stay clean.
 */
export function liveProgress(stream: NodeJS.WriteStream = process.stderr): ((line: string | undefined) => void) | undefined {
  if (!stream.isTTY) return undefined;
  let last = 0;
  let shown = false;
  return (line) => {
    if (line === undefined) {
      if (shown) stream.write("\r\x1b[2K");
      shown = false;
      return;
    }
    const now = Date.now();
    if (now - last < 200) return;
    last = now;
    shown = true;
    const width = (stream.columns || 100) - 1;
    stream.write(`\r\x1b[2K${line.length > width ? line.slice(0, width) : line}`);
  };
}
