/**
 * A resource's region: the `region` of the provider configuration it uses, found as Terraform finds
 * it. `provider = aws.replica` names one; a module call's `providers = { aws = aws.replica }` maps
 * the child's names to the caller's; without that argument a child inherits the caller's default
 * (unaliased) configurations. A region that is not statically known is undefined.
 */
import { evaluateOrUnknown } from "./evaluate.js";
import type { ModuleInstance, ResourceInstance } from "./modules.js";
import { attributeNamed } from "./syntax.js";
import { settle } from "./values.js";

const MAX_DEPTH = 64;

export class Regions {
  private readonly memo = new WeakMap<ModuleInstance, Map<string, string | undefined>>();

  forResource(r: ResourceInstance): string | undefined {
    // The provider's local name is the type's prefix: aws_s3_bucket → aws.
    const key = r.decl.provider ?? r.decl.type.split("_")[0] ?? r.decl.type;
    return this.lookup(r.module, key, 0);
  }

  private lookup(module: ModuleInstance, key: string, depth: number): string | undefined {
    let m = this.memo.get(module);
    if (!m) this.memo.set(module, (m = new Map()));
    if (m.has(key)) return m.get(key);
    m.set(key, undefined); // cycle guard
    const region = depth > MAX_DEPTH ? undefined : this.find(module, key, depth);
    m.set(key, region);
    return region;
  }

  private find(module: ModuleInstance, key: string, depth: number): string | undefined {
    const call = module.call;
    const parent = module.parent;
    const passed = call?.providers.get(key);
    if (passed !== undefined && parent) return this.lookup(parent, passed, depth + 1);
    const own = module.config.providers.get(key);
    if (own) {
      const expr = attributeNamed(own.block.body, "region")?.expr;
      if (!expr) return undefined;
      const v = settle(evaluateOrUnknown(expr, module.scope));
      return typeof v === "string" && v !== "" ? v : undefined;
    }
    // Only default configurations are inherited, and only when the call passes none explicitly.
    if (parent && call && call.providers.size === 0 && !key.includes(".")) return this.lookup(parent, key, depth + 1);
    return undefined;
  }
}
