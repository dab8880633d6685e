import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = `${ROOT}bin/cbguard.js`;

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built binary as a user would; `npm test` builds dist/ first. */
export function cbguard(args: string[], options: { input?: string | Buffer; cwd?: string; env?: Record<string, string> } = {}): Run {
  if (!existsSync(`${ROOT}dist/cli/main.js`)) throw new Error("dist/ is missing: run npm run build (npm test does)");
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input,
    encoding: "utf8",
    maxBuffer: 1 << 26,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same, without blocking the event loop: for commands that talk to a server this test process
 * runs (the local AWS endpoint), which a synchronous child would starve.
 */
export function cbguardAsync(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  if (!existsSync(`${ROOT}dist/cli/main.js`)) throw new Error("dist/ is missing: run npm run build (npm test does)");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: { ...process.env, NO_COLOR: "1", ...options.env } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
