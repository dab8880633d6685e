/**
 * A problem with what the user gave us (file, flag, rule file, config). The CLI prints its message
 * as one line and exits 2; anything else is a bug and keeps its stack (with --verbose).
 */
export class InputError extends Error {
  override readonly name = "InputError";
  /** File or input the problem is in, when there is one; the message already names it. */
  readonly input?: string;
  constructor(message: string, input?: string) {
    super(message);
    if (input !== undefined) this.input = input;
  }
}
