/**
 * The plan source: `terraform show -json <planfile>` output (format 0.x and 1.x, Terraform 0.12 to
 * 1.14) → Inventory. Bad input becomes a one-line InputError naming the file, never its content.
 */
import type { Inventory } from "../../model/resource.js";
import { InputError } from "../../model/errors.js";
import { buildInventory } from "./build.js";
import { readPlanDocument } from "./document.js";
import { fail, inputLabel, readInput, textToUtf8, toUtf8 } from "./read.js";

/** Reads a plan JSON file ("-" for stdin): UTF-8 with or without BOM, or UTF-16 with BOM. */
export async function loadPlanFile(path: string): Promise<Inventory> {
  const label = inputLabel(path);
  const doc = await readDocument(path, label);
  return guarded(label, () => buildInventory(doc, path));
}

/** A function of its own so the file's bytes are unreachable once the document is read. */
async function readDocument(path: string, label: string) {
  const raw = await readInput(path);
  return guarded(label, () => readPlanDocument(toUtf8(raw, label), label));
}

/** The same from text already in memory; `file` names it in messages and locations. */
export function parsePlan(text: string, file: string): Inventory {
  const doc = guarded(file, () => readPlanDocument(textToUtf8(text, file), file));
  return guarded(file, () => buildInventory(doc, file));
}

function guarded<T>(label: string, work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof InputError) throw err;
    // Both are the input's fault; their messages may quote it, so they are not passed on.
    if (err instanceof RangeError) fail(label, "is nested too deeply to read");
    if (err instanceof SyntaxError) fail(label, "not valid JSON");
    throw err;
  }
}
