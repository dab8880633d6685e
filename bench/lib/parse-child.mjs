#!/usr/bin/env node
// The baseline: bare `JSON.parse(readFileSync(file))`, timed in two parts: the read (a Buffer) and
// the parse (which includes turning the Buffer into a string), with peak RSS.
// Prints one JSON line on stdout. Run by bench/run.mjs in a fresh process per measurement.
//
//   node bench/lib/parse-child.mjs <file.json>

import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const [file] = process.argv.slice(2);
if (!file) {
  console.error("usage: node bench/lib/parse-child.mjs <file.json>");
  process.exit(2);
}
const t0 = performance.now();
const bytes = readFileSync(file);
const t1 = performance.now();
const doc = JSON.parse(bytes);
const t2 = performance.now();
// Something read from the result, so the work is observably used.
const changes = Array.isArray(doc.resource_changes) ? doc.resource_changes.length : 0;
process.stdout.write(`${JSON.stringify({ readMs: t1 - t0, parseMs: t2 - t1, changes, maxRssKb: process.resourceUsage().maxRSS })}\n`);
