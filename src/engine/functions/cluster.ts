import type { CheckFn } from "../conditions.js";
import { lookup } from "../lookup.js";
import { fail, pass, unknown } from "../outcome.js";

/** Aurora cluster: its instances sit in at least two Availability Zones, so one can take over. */
export const clusterSpansZones: CheckFn = (subject, ctx) => {
  const members = ctx.relations.pointingAt(subject, "cluster_identifier", ["aws_rds_cluster_instance"], ["id", "cluster_identifier"]);
  if (members.length < 2) return fail(`${members.length} instance${members.length === 1 ? "" : "s"} in the cluster; Multi-AZ needs at least two in different zones`);
  const zones = new Set<string>();
  for (const m of members) {
    const az = lookup({ resource: m, prefix: "" }, "availability_zone");
    if (az.state !== "known") return unknown(`the zone of ${m.address} is known only after apply`);
    zones.add(String(az.value));
  }
  return zones.size >= 2 ? pass(`instances in ${[...zones].sort().join(", ")}`) : fail(`every instance is in ${[...zones][0]}`);
};
