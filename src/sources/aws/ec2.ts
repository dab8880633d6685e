import type { EC2Client, FlowLog, Route, RouteTable, SecurityGroup, Subnet, Tag, Vpc } from "@aws-sdk/client-ec2";
import type { Resource } from "../../model/resource.js";
import { liveResource, pageOf, tokenParam, type CollectContext, type CollectorRow } from "./table.js";

const tagMap = (list: Tag[] | undefined): Record<string, string> => Object.fromEntries((list ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
const ec2Arn = (ctx: CollectContext, owner: string | undefined, kind: string, id: string | undefined) => `arn:aws:ec2:${ctx.region}:${owner ?? ctx.account}:${kind}/${id ?? ""}`;

const securityGroupsRow: CollectorRow<SecurityGroup> = {
  service: "ec2",
  clientPackage: "@aws-sdk/client-ec2",
  clientClass: "EC2Client",
  operation: "DescribeSecurityGroups",
  iamAction: "ec2:DescribeSecurityGroups",
  types: ["aws_security_group"],
  paging: { input: "NextToken", output: "NextToken" },
  async list(client, token) {
    const { DescribeSecurityGroupsCommand } = await import("@aws-sdk/client-ec2");
    const out = await (client as EC2Client).send(new DescribeSecurityGroupsCommand({ MaxResults: 1000, ...tokenParam("NextToken", token) }));
    return pageOf(out.SecurityGroups, out.NextToken);
  },
  map(sg, _details, ctx) {
    const arn = sg.SecurityGroupArn ?? ec2Arn(ctx, sg.OwnerId, "security-group", sg.GroupId);
    const ingress = (sg.IpPermissions ?? []).map((p) => ({
      from_port: p.FromPort ?? 0,
      to_port: p.ToPort ?? 0,
      protocol: p.IpProtocol ?? "-1",
      cidr_blocks: (p.IpRanges ?? []).map((r) => r.CidrIp).filter((c): c is string => c !== undefined),
      ipv6_cidr_blocks: (p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6).filter((c): c is string => c !== undefined),
      security_groups: (p.UserIdGroupPairs ?? []).map((g) => g.GroupId).filter((c): c is string => c !== undefined),
    }));
    const values = { arn, id: sg.GroupId, name: sg.GroupName, vpc_id: sg.VpcId, ingress, tags: tagMap(sg.Tags) };
    return [liveResource("aws_security_group", arn, values, ctx, "ec2:DescribeSecurityGroups")];
  },
};

const vpcsRow: CollectorRow<Vpc> = {
  service: "ec2",
  clientPackage: "@aws-sdk/client-ec2",
  clientClass: "EC2Client",
  operation: "DescribeVpcs",
  iamAction: "ec2:DescribeVpcs",
  types: ["aws_vpc"],
  paging: { input: "NextToken", output: "NextToken" },
  async list(client, token) {
    const { DescribeVpcsCommand } = await import("@aws-sdk/client-ec2");
    const out = await (client as EC2Client).send(new DescribeVpcsCommand({ MaxResults: 1000, ...tokenParam("NextToken", token) }));
    return pageOf(out.Vpcs, out.NextToken);
  },
  map(v, _details, ctx) {
    // A default VPC is a VPC like any other here: it needs flow logs as much.
    const arn = ec2Arn(ctx, v.OwnerId, "vpc", v.VpcId);
    const values = { arn, id: v.VpcId, cidr_block: v.CidrBlock, tags: tagMap(v.Tags) };
    return [liveResource("aws_vpc", arn, values, ctx, "ec2:DescribeVpcs")];
  },
};

const subnetsRow: CollectorRow<Subnet> = {
  service: "ec2",
  clientPackage: "@aws-sdk/client-ec2",
  clientClass: "EC2Client",
  operation: "DescribeSubnets",
  iamAction: "ec2:DescribeSubnets",
  types: ["aws_subnet"],
  paging: { input: "NextToken", output: "NextToken" },
  async list(client, token) {
    const { DescribeSubnetsCommand } = await import("@aws-sdk/client-ec2");
    const out = await (client as EC2Client).send(new DescribeSubnetsCommand({ MaxResults: 1000, ...tokenParam("NextToken", token) }));
    return pageOf(out.Subnets, out.NextToken);
  },
  map(s, _details, ctx) {
    const arn = s.SubnetArn ?? ec2Arn(ctx, s.OwnerId, "subnet", s.SubnetId);
    const values = {
      arn,
      id: s.SubnetId,
      vpc_id: s.VpcId,
      cidr_block: s.CidrBlock,
      availability_zone: s.AvailabilityZone,
      map_public_ip_on_launch: s.MapPublicIpOnLaunch ?? false,
      tags: tagMap(s.Tags),
    };
    return [liveResource("aws_subnet", arn, values, ctx, "ec2:DescribeSubnets")];
  },
};

/**
 * A route as the provider's inline `route` block. The VPC's own `local` route is left out, as the
 * provider does; so is a blackhole route, whose target (a deleted NAT gateway) carries no traffic.
 */
function routeBlock(r: Route): Record<string, string> | undefined {
  if (r.GatewayId === "local" || r.State === "blackhole") return undefined;
  return {
    cidr_block: r.DestinationCidrBlock ?? "",
    ipv6_cidr_block: r.DestinationIpv6CidrBlock ?? "",
    destination_prefix_list_id: r.DestinationPrefixListId ?? "",
    gateway_id: r.GatewayId ?? "",
    nat_gateway_id: r.NatGatewayId ?? "",
    egress_only_gateway_id: r.EgressOnlyInternetGatewayId ?? "",
    transit_gateway_id: r.TransitGatewayId ?? "",
    vpc_endpoint_id: r.GatewayId?.startsWith("vpce-") ? r.GatewayId : "",
    vpc_peering_connection_id: r.VpcPeeringConnectionId ?? "",
    network_interface_id: r.NetworkInterfaceId ?? "",
  };
}

/** The table, and each association as the provider models it: a subnet's, or the VPC's main one. */
function routeTableResources(t: RouteTable, ctx: CollectContext): Resource[] {
  const arn = ec2Arn(ctx, t.OwnerId, "route-table", t.RouteTableId);
  const route = (t.Routes ?? []).map(routeBlock).filter((r) => r !== undefined);
  const out = [liveResource("aws_route_table", arn, { arn, id: t.RouteTableId, vpc_id: t.VpcId, route, tags: tagMap(t.Tags) }, ctx, "ec2:DescribeRouteTables")];
  for (const a of t.Associations ?? []) {
    if (a.AssociationState?.State !== undefined && a.AssociationState.State !== "associated") continue;
    const address = `${arn}?association=${a.RouteTableAssociationId ?? ""}`;
    const link = { id: a.RouteTableAssociationId, route_table_id: t.RouteTableId };
    if (a.Main) out.push(liveResource("aws_main_route_table_association", address, { ...link, vpc_id: t.VpcId }, ctx, "ec2:DescribeRouteTables"));
    else if (a.SubnetId) out.push(liveResource("aws_route_table_association", address, { ...link, subnet_id: a.SubnetId }, ctx, "ec2:DescribeRouteTables"));
  }
  return out;
}

const routeTablesRow: CollectorRow<RouteTable> = {
  service: "ec2",
  clientPackage: "@aws-sdk/client-ec2",
  clientClass: "EC2Client",
  operation: "DescribeRouteTables",
  iamAction: "ec2:DescribeRouteTables",
  types: ["aws_route_table", "aws_route_table_association", "aws_main_route_table_association"],
  paging: { input: "NextToken", output: "NextToken" },
  async list(client, token) {
    const { DescribeRouteTablesCommand } = await import("@aws-sdk/client-ec2");
    const out = await (client as EC2Client).send(new DescribeRouteTablesCommand({ MaxResults: 100, ...tokenParam("NextToken", token) }));
    return pageOf(out.RouteTables, out.NextToken);
  },
  map: (t, _details, ctx) => routeTableResources(t, ctx),
};

/** What a flow log watches, by the id's prefix, as the provider's attribute for it. */
const FLOW_LOG_TARGETS: [string, string][] = [["vpc-", "vpc_id"], ["subnet-", "subnet_id"], ["eni-", "eni_id"], ["tgw-attach-", "transit_gateway_attachment_id"], ["tgw-", "transit_gateway_id"]];

const flowLogsRow: CollectorRow<FlowLog> = {
  service: "ec2",
  clientPackage: "@aws-sdk/client-ec2",
  clientClass: "EC2Client",
  operation: "DescribeFlowLogs",
  iamAction: "ec2:DescribeFlowLogs",
  types: ["aws_flow_log"],
  paging: { input: "NextToken", output: "NextToken" },
  async list(client, token) {
    const { DescribeFlowLogsCommand } = await import("@aws-sdk/client-ec2");
    const out = await (client as EC2Client).send(new DescribeFlowLogsCommand({ MaxResults: 1000, ...tokenParam("NextToken", token) }));
    return pageOf(out.FlowLogs, out.NextToken);
  },
  map(f, _details, ctx) {
    const arn = ec2Arn(ctx, undefined, "vpc-flow-log", f.FlowLogId);
    const target = FLOW_LOG_TARGETS.find(([prefix]) => f.ResourceId?.startsWith(prefix))?.[1];
    const values: Record<string, unknown> = {
      arn,
      id: f.FlowLogId,
      ...(target ? { [target]: f.ResourceId } : {}),
      traffic_type: f.TrafficType,
      log_destination_type: f.LogDestinationType,
      // The provider writes a log group's ARN without the `:*` suffix.
      log_destination: f.LogDestination?.replace(/:\*$/, ""),
      log_group_name: f.LogGroupName,
      iam_role_arn: f.DeliverLogsPermissionArn,
      max_aggregation_interval: f.MaxAggregationInterval,
      tags: tagMap(f.Tags),
    };
    return [liveResource("aws_flow_log", arn, values, ctx, "ec2:DescribeFlowLogs")];
  },
};

export const ec2Rows: CollectorRow<never>[] = [securityGroupsRow, vpcsRow, subnetsRow, routeTablesRow, flowLogsRow] as unknown as CollectorRow<never>[];
