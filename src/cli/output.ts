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
