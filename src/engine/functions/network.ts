import type { CheckFn } from "../conditions.js";
import { evaluate, operand } from "../conditions.js";
import type { Resource } from "../../model/resource.js";
import { isConfigured, lookup, type Subject } from "../lookup.js";
import { anyOf, fail, pass, unknown, type Outcome } from "../outcome.js";
import type { Condition } from "../rule.js";

const DEFAULT_ROUTE = ["0.0.0.0/0", "::/0"];
const TABLES = ["aws_route_table", "aws_default_route_table"];

/**
 * Route tables a subnet uses: those associated with it, else its VPC's main table (set by
 * aws_main_route_table_association, or the VPC's default table, managed or not).
 */
function routeTables(subnet: Subject, ctx: Parameters<CheckFn>[1]): Resource[] {
  const associations = ctx.relations.pointingAt(subnet, "subnet_id", ["aws_route_table_association"], ["id"]);
  const associated = associations.flatMap((a) => ctx.relations.pointedAtBy({ resource: a, prefix: "" }, "route_table_id", TABLES, ["id"]));
  if (associations.length > 0) return associated;
  const tables: Resource[] = [];
  for (const vpc of ctx.relations.pointedAtBy(subnet, "vpc_id", ["aws_vpc"], ["id"])) {
    const v: Subject = { resource: vpc, prefix: "" };
    for (const main of ctx.relations.pointingAt(v, "vpc_id", ["aws_main_route_table_association"], ["id"])) {
      tables.push(...ctx.relations.pointedAtBy({ resource: main, prefix: "" }, "route_table_id", TABLES, ["id"]));
    }
    if (tables.length === 0) tables.push(...ctx.relations.pointingAt(v, "default_route_table_id", ["aws_default_route_table"], ["default_route_table_id"]));
  }
  return tables;
}

/**
 * Subnet: a route of its route tables leads to a resource of `args.target` (an internet or NAT
 * gateway): the default route (0.0.0.0/0, ::/0), or any route with `args.anyDestination`.
 * Inline `route` blocks and separate aws_route resources both count.
 */
export const routeVia: CheckFn = (subject, ctx, args) => {
  const target = String(args.target);
  const anyDestination = args.anyDestination === true;
  const via: Condition = { any: [{ attr: "gateway_id", refersTo: target }, { attr: "nat_gateway_id", refersTo: target }] };
  const counts = (dest: unknown[]): boolean => anyDestination || dest.some((d) => DEFAULT_ROUTE.includes(String(d)));
  const outcomes: Outcome[] = [];
  for (const table of routeTables(subject, ctx)) {
    const t: Subject = { resource: table, prefix: "" };
    const inline = lookup(t, "route");
    if (inline.state === "known" && Array.isArray(inline.value)) {
      inline.value.forEach((route, i) => {
        const r = route as Record<string, unknown>;
        if (counts([r.cidr_block, r.ipv6_cidr_block])) outcomes.push(named(table.address, evaluate(via, { resource: table, prefix: `route.${i}` }, ctx)));
      });
    } else if (inline.state !== "absent" && isConfigured(table, "route")) {
      outcomes.push(unknown(`the routes of ${table.address} are not known`));
    }
    for (const route of ctx.relations.pointingAt(t, "route_table_id", ["aws_route"], ["id"])) {
      const dests = ["destination_cidr_block", "destination_ipv6_cidr_block"].map((p) => lookup({ resource: route, prefix: "" }, p));
      // A destination still unknown might be the default route.
      if (dests.every((d) => d.state === "known" || d.state === "absent") && !counts(dests.map((d) => (d.state === "known" ? d.value : undefined)))) continue;
      outcomes.push(named(route.address, evaluate(via, { resource: route, prefix: "" }, ctx)));
    }
  }
  if (outcomes.length === 0) return fail(`no ${anyDestination ? "" : "default "}route from ${subject.resource.address}`);
  return anyOf(outcomes);
};

const named = (address: string, o: Outcome): Outcome => ({ result: o.result, detail: `${address}: ${o.detail}` });

const PORT_FIELDS = { from: "from_port", to: "to_port" };

/**
 * Security group rules of every shape (inline ingress, aws_security_group_rule,
 * aws_vpc_security_group_ingress_rule): none opens `args.ports` to the whole internet.
 */
export const noWorldIngress: CheckFn = (subject, ctx, args) => {
  const ports = (operand(args.ports, ctx.params) as unknown[]).map(Number);
  const r = subject.resource;
  if (r.type === "aws_security_group") {
    const ingress = lookup(subject, "ingress");
    // Computed and not configured: the rules live in separate resources, judged on their own.
    if (ingress.state === "absent" || (ingress.state === "unknown" && !isConfigured(r, "ingress"))) return pass("no inline ingress rules");
    if (ingress.state !== "known" || !Array.isArray(ingress.value)) return unknown("ingress rules are not known", "ingress");
    const outcomes = ingress.value.map((_, i) => exposure({ resource: r, prefix: `ingress.${i}` }, ports, ["cidr_blocks", "ipv6_cidr_blocks"], "protocol"));
    return outcomes.find((o) => o.result === "fail") ?? outcomes.find((o) => o.result === "unknown") ?? pass("no ingress rule opens a restricted port to the internet");
  }
  if (r.type === "aws_security_group_rule") {
    const type = lookup(subject, "type");
    if (type.state === "known" && type.value !== "ingress") return pass("an egress rule");
    return exposure(subject, ports, ["cidr_blocks", "ipv6_cidr_blocks"], "protocol");
  }
  return exposure(subject, ports, ["cidr_ipv4", "cidr_ipv6"], "ip_protocol");
};

function exposure(subject: Subject, ports: number[], cidrFields: string[], protoField: string): Outcome {
  const at = subject.prefix || undefined;
  let open: string | undefined;
  for (const f of cidrFields) {
    const l = lookup(subject, f);
    if (l.state === "known") open ??= ([] as unknown[]).concat(l.value).map(String).find((c) => c === "0.0.0.0/0" || c === "::/0");
    else if (l.state !== "absent") return unknown(`${l.path} is not known`, l.path);
  }
  if (!open) return pass("not open to the internet", at);
  const proto = lookup(subject, protoField);
  const from = lookup(subject, PORT_FIELDS.from);
  const to = lookup(subject, PORT_FIELDS.to);
  if (proto.state === "known" && (proto.value === "-1" || proto.value === "all" || proto.value === -1)) {
    return fail(`all traffic is open to ${open}`, at);
  }
  if (from.state !== "known" || to.state !== "known") return unknown("the port range is not known", at);
  const lo = Number(from.value);
  const hi = Number(to.value);
  const hit = ports.find((p) => lo <= p && p <= hi);
  return hit === undefined ? pass(`ports ${lo}-${hi} open to ${open} include no restricted port`, at) : fail(`port ${hit} is open to ${open}`, at);
}
