/** Planned resources + change marks + configuration → canonical Resources. */
import type { Inventory, Location, Resource } from "../../model/resource.js";
import { parseModulePath, parseResourceAddress, type ModulePath } from "./address.js";
import type { PlanDocument } from "./document.js";
import type { PlannedModule, PlannedResource } from "./modules.js";
import { NO_PATHS, redactSecretNames, redactSensitive, type Interner } from "./paths.js";
import { ConfigIndex, NO_EXPRESSIONS } from "./references.js";
import { RegionResolver } from "./regions.js";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function buildInventory(doc: PlanDocument, file: string, intern: Interner): Inventory {
  const index = new ConfigIndex(doc.configuration, intern);
  const regions = new RegionResolver(doc.configuration.providers, doc.variables, index);
  const location: Location = Object.freeze({ file });
  const modulePaths = new Map<string, ModulePath>();
  const pathOf = (address: string): ModulePath => {
    let mp = modulePaths.get(address);
    if (!mp) modulePaths.set(address, (mp = parseModulePath(address)));
    return mp;
  };
  const resources: Resource[] = [];
  const modules = doc.hasPlannedValues ? doc.modules : modulesFromChanges(doc);

  for (const module of modules) {
    const declared = pathOf(module.address);
    const prefix = declared.address ? `${declared.address}.` : "";
    for (const planned of module.resources) {
      if (planned.mode === "data" || planned.address === undefined) continue;
      const address = planned.address;
      let mp = declared;
      let local: string;
      if (address.startsWith(prefix) && !address.startsWith("module.", prefix.length)) {
        local = address.slice(prefix.length);
      } else {
        // The module's own address is missing or disagrees: trust the resource address.
        const parsed = parseResourceAddress(address);
        if (!parsed) continue;
        mp = pathOf(parsed.module);
        local = address.slice(parsed.module ? parsed.module.length + 1 : 0);
      }
      if (planned.mode === undefined && local.startsWith("data.")) continue;
      const bracket = local.indexOf("[");
      const localBase = bracket === -1 ? local : local.slice(0, bracket);
      const dot = localBase.indexOf(".");
      const type = typeof planned.type === "string" ? planned.type : localBase.slice(0, dot);
      const name = typeof planned.name === "string" ? planned.name : localBase.slice(dot + 1);

      const values = isObject(planned.values) ? planned.values : {};
      const marks = doc.changes.get(address);
      doc.changes.delete(address); // let the marks go as soon as they are used
      const sensitive = new Set<string>();
      redactSensitive(planned.sensitiveValues, values, sensitive, intern);
      redactSensitive(marks?.afterSensitive, values, sensitive, intern);
      redactSensitive(marks?.beforeSensitive, values, sensitive, intern);
      redactSecretNames(type, values, planned.marked || marks?.marked === true, sensitive, intern);

      const config = index.resource(mp.keyless, type, name);
      const region = regions.regionFor(config?.providerKey, config?.context ?? index.module(mp.keyless), type);
      const resource: Resource = {
        address,
        type,
        modulePath: mp.address,
        baseAddress: mp.address ? `${mp.address}.${localBase}` : localBase,
        values,
        unknown: marks?.unknown ?? NO_PATHS,
        sensitive: intern.set(sensitive),
        expressions: config ? index.expressionsFor(config, mp) : NO_EXPRESSIONS,
        location,
        source: "plan",
      };
      if (region !== undefined) resource.region = region;
      resources.push(resource);
    }
  }

  const inventory: Inventory = {
    kind: "plan",
    inputs: [file],
    resources,
    scopes: [{ address: "plan", location: { file } }],
  };
  const seen = [...new Set(resources.map((r) => r.region).filter((r): r is string => r !== undefined))].sort();
  if (seen.length > 0) inventory.regions = seen;
  return inventory;
}

/** A plan without planned_values: fall back to the `after` of each create/update/no-op change. */
function modulesFromChanges(doc: PlanDocument): PlannedModule[] {
  const byModule = new Map<string, PlannedResource[]>();
  for (const [address, marks] of doc.changes) {
    if (marks.mode === "data" || !isObject(marks.after)) continue;
    const parsed = parseResourceAddress(address);
    if (!parsed || parsed.mode === "data") continue;
    let list = byModule.get(parsed.module);
    if (!list) byModule.set(parsed.module, (list = []));
    list.push({
      address,
      mode: "managed",
      type: marks.type,
      name: marks.name,
      values: marks.after,
      sensitiveValues: undefined,
      marked: false,
    });
  }
  return [...byModule].map(([address, resources]) => ({ address, resources }));
}
