import type { EC2Client, SecurityGroup } from "@aws-sdk/client-ec2";
import { liveResource, type CollectorRow } from "./table.js";

export const ec2Rows: CollectorRow<SecurityGroup>[] = [
  {
    service: "ec2",
    clientPackage: "@aws-sdk/client-ec2",
    clientClass: "EC2Client",
    operation: "DescribeSecurityGroups",
    iamAction: "ec2:DescribeSecurityGroups",
    types: ["aws_security_group"],
    paging: { input: "NextToken", output: "NextToken" },
    async list(client, token) {
      const { DescribeSecurityGroupsCommand } = await import("@aws-sdk/client-ec2");
      const out = await (client as EC2Client).send(new DescribeSecurityGroupsCommand({ MaxResults: 1000, ...(token ? { NextToken: token } : {}) }));
      return { items: out.SecurityGroups ?? [], ...(out.NextToken ? { next: out.NextToken } : {}) };
    },
    map(sg, _details, ctx) {
      const arn = sg.SecurityGroupArn ?? `arn:aws:ec2:${ctx.region}:${ctx.account}:security-group/${sg.GroupId ?? ""}`;
      const ingress = (sg.IpPermissions ?? []).map((p) => ({
        from_port: p.FromPort ?? 0,
        to_port: p.ToPort ?? 0,
        protocol: p.IpProtocol ?? "-1",
        cidr_blocks: (p.IpRanges ?? []).map((r) => r.CidrIp).filter((c): c is string => c !== undefined),
        ipv6_cidr_blocks: (p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6).filter((c): c is string => c !== undefined),
      }));
      const values = { arn, id: sg.GroupId, name: sg.GroupName, vpc_id: sg.VpcId, ingress };
      return [liveResource("aws_security_group", arn, values, ctx, "ec2:DescribeSecurityGroups")];
    },
  } satisfies CollectorRow<SecurityGroup>,
];
