/**
 * The plan source: `terraform show -json <planfile>` output (format 0.x and 1.x, Terraform 0.12 to
 * 1.14) → Inventory. Bad input becomes a one-line InputError naming the file, never its content.
 */
import type { Inventory } from "../../model/resource.js";
import { InputError } from "../../model/errors.js";
import { buildInventory } from "./build.js";
import { readPlanDocument } from "./document.js";
import { Interner } from "./paths.js";
import { fail, inputLabel, openInput, textToUtf8 } from "./read.js";

/** Reads a plan JSON file ("-" for stdin): UTF-8 with or without BOM, or UTF-16 with BOM. */
export async function loadPlanFile(path: string): Promise<Inventory> {
  const label = inputLabel(path);
  const intern = new Interner();
  const doc = await readDocument(path, label, intern);
  return guarded(label, () => buildInventory(doc, path, intern));
}

/** A function of its own so that no byte of the file is reachable once the document is read. */
async function readDocument(path: string, label: string, intern: Interner) {
  const input = await openInput(path);
  try {
    return guarded(label, () => readPlanDocument(input.bytes ?? input.reader, label, intern));
  } finally {
    input.close();
  }
}

/** The same from text already in memory; `file` names it in messages and locations. */
export function parsePlan(text: string, file: string): Inventory {
  const intern = new Interner();
  const doc = guarded(file, () => readPlanDocument(textToUtf8(text, file), file, intern));
  return guarded(file, () => buildInventory(doc, file, intern));
}

function guarded<T>(label: string, work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof InputError) throw err;
    // The input's fault; a SyntaxError's message may quote it, so none is passed on.
    if (err instanceof RangeError && /call stack/i.test(err.message)) fail(label, "is nested too deeply to read");
    if ((err as NodeJS.ErrnoException).code === "ERR_STRING_TOO_LONG") fail(label, "holds a single JSON value too large to read (over 512 MB)");
    if (err instanceof SyntaxError) fail(label, "not valid JSON");
    throw err;
  }
}
