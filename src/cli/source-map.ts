import type { Inventory, Resource } from "../model/resource.js";

/** `module.a["x"].aws_s3_bucket.b[0]` → `module.a.aws_s3_bucket.b`: every instance of one block. */
export function blockAddress(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]"])*\]/g, "");
}

/**
 * Plan resources take the file, lines, attribute lines and waiver comments of the .tf block they
 * were planned from. Instances of one block share its lines, so blocks are matched by address
 * without instance keys; the module path stays, so same-named resources in two modules never mix.
 */
export function attachSource(plan: Inventory, source: Inventory): { inventory: Inventory; unmatched: string[] } {
  const blocks = new Map<string, Resource>();
  for (const r of source.resources) if (!blocks.has(blockAddress(r.address))) blocks.set(blockAddress(r.address), r);
  const unmatched: string[] = [];
  const resources = plan.resources.map((r) => {
    const block = blocks.get(blockAddress(r.address));
    if (!block) {
      unmatched.push(r.address);
      return r;
    }
    return {
      ...r,
      ...(block.location ? { location: block.location } : {}),
      ...(block.attributeLocations ? { attributeLocations: block.attributeLocations } : {}),
      ...(block.waiverComments ? { waiverComments: block.waiverComments } : {}),
    };
  });
  return { inventory: { ...plan, resources, inputs: [...plan.inputs, ...source.inputs] }, unmatched };
}
