/**
 * HCL's own parser (`@cdktf/hcl2json`: HCL in Go, built to wasm) is the judge of syntax and the
 * source of error messages. It is also the largest cost of a scan, so it runs in a worker thread
 * while this thread parses with tree-sitter and evaluates; without a worker it runs here.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** Resolves to HCL's error text for the file (`parse config: [file:2,7-3,1: …]`), or undefined. */
export type Verdict = Promise<string | undefined>;

const require = createRequire(import.meta.url);

// CommonJS, evaluated in the worker: one file at a time, as the Go runtime is single-threaded.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { parse } = require(workerData.hcl2json);
let queue = Promise.resolve();
parentPort.on("message", ({ id, path, text }) => {
  queue = queue.then(() => parse(path, text)).then(
    () => parentPort.postMessage({ id }),
    (err) => parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) }),
  );
});
`;

class Checker {
  private worker: Worker | undefined;
  private broken = false;
  private nextId = 0;
  private readonly waiting = new Map<number, { path: string; text: string; done: (error: string | undefined) => void }>();

  check(path: string, text: string): Verdict {
    const worker = this.start();
    if (!worker) return inThread(path, text);
    return new Promise((done) => {
      const id = this.nextId++;
      this.waiting.set(id, { path, text, done });
      // Keep the process alive only while an answer is awaited.
      if (this.waiting.size === 1) worker.ref();
      worker.postMessage({ id, path, text });
    });
  }

  private start(): Worker | undefined {
    if (this.worker || this.broken) return this.worker;
    try {
      const worker = new Worker(WORKER, { eval: true, workerData: { hcl2json: require.resolve("@cdktf/hcl2json") } });
      worker.unref();
      worker.on("message", ({ id, error }: { id: number; error?: string }) => this.answer(id, error));
      // A worker that cannot run: what it was asked is checked here instead.
      worker.on("error", () => this.fallBack());
      worker.on("exit", () => this.fallBack());
      this.worker = worker;
    } catch {
      this.broken = true;
    }
    return this.worker;
  }

  private answer(id: number, error: string | undefined): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    if (this.waiting.size === 0) this.worker?.unref();
    w.done(error);
  }

  private fallBack(): void {
    this.broken = true;
    this.worker = undefined;
    const left = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of left) void inThread(w.path, w.text).then(w.done);
  }
}

let hcl2json: Promise<typeof import("@cdktf/hcl2json")> | undefined;

async function inThread(path: string, text: string): Verdict {
  hcl2json ??= import("@cdktf/hcl2json");
  try {
    await (await hcl2json).parse(path, text);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

const checker = new Checker();

/** Starts checking a file's syntax; the verdict arrives later. */
export function checkSyntax(path: string, text: string): Verdict {
  return checker.check(path, text);
}
