#!/usr/bin/env node
// Runs the real CLI (bin/cbguard.js) with the given arguments, and reports the process's peak RSS
// on stderr when it exits (`BENCH_MAXRSS_KB=<n>`). Used only where /usr/bin/time is missing.
//
//   node bench/lib/cli-child.mjs plan <file> --format sarif -o /dev/null --fail-on none

import { writeSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../../bin/cbguard.js", import.meta.url));
process.argv = [process.argv[0], bin, ...process.argv.slice(2)];
process.on("exit", () => writeSync(2, `BENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`));
await import(bin);
