import type { SNSClient, Subscription, Topic } from "@aws-sdk/client-sns";
import { liveResource, pageOf, tokenParam, type CollectorRow, type Page } from "./table.js";

async function listTopics(client: unknown, token: string | undefined): Promise<Page<Topic>> {
  const { ListTopicsCommand } = await import("@aws-sdk/client-sns");
  const out = await (client as SNSClient).send(new ListTopicsCommand({ ...tokenParam("NextToken", token) }));
  return pageOf(out.Topics, out.NextToken);
}

/**
 * Every subscription of the account's region in one listing (100 a page), each naming its topic:
 * REQUIREMENTS names ListSubscriptionsByTopic, which needs the topics listed first and a call per
 * topic, and would list again topics Config mode already has.
 */
async function listSubscriptions(client: unknown, token: string | undefined): Promise<Page<Subscription>> {
  const { ListSubscriptionsCommand } = await import("@aws-sdk/client-sns");
  const out = await (client as SNSClient).send(new ListSubscriptionsCommand({ ...tokenParam("NextToken", token) }));
  return pageOf(out.Subscriptions, out.NextToken);
}

const topicsRow: CollectorRow<Topic> = {
  service: "sns",
  clientPackage: "@aws-sdk/client-sns",
  clientClass: "SNSClient",
  operation: "ListTopics",
  iamAction: "sns:ListTopics",
  types: ["aws_sns_topic"],
  paging: { input: "NextToken", output: "NextToken" },
  list: (client, token) => listTopics(client, token),
  map(t, _details, ctx) {
    const arn = t.TopicArn ?? "";
    // The provider's id of a topic is its ARN; the name is the ARN's last part.
    return [liveResource("aws_sns_topic", arn, { arn, id: arn, name: arn.slice(arn.lastIndexOf(":") + 1) }, ctx, "sns:ListTopics")];
  },
};

const subscriptionsRow: CollectorRow<Subscription> = {
  service: "sns",
  clientPackage: "@aws-sdk/client-sns",
  clientClass: "SNSClient",
  operation: "ListSubscriptions",
  iamAction: "sns:ListSubscriptions",
  types: ["aws_sns_topic_subscription"],
  paging: { input: "NextToken", output: "NextToken" },
  list: (client, token) => listSubscriptions(client, token),
  map(s, _details, ctx) {
    const topic = s.TopicArn ?? "";
    // Until the recipient confirms, the ARN reads `PendingConfirmation`: no address of its own.
    const address = s.SubscriptionArn?.startsWith("arn:") ? s.SubscriptionArn : `${topic}?subscription=${s.Protocol ?? ""}:${s.Endpoint ?? ""}`;
    const values: Record<string, unknown> = { arn: s.SubscriptionArn, topic_arn: topic, protocol: s.Protocol, endpoint: s.Endpoint };
    return [liveResource("aws_sns_topic_subscription", address, values, ctx, "sns:ListSubscriptions")];
  },
};

/** SNS topics and their subscriptions: where the alarms notify, and whether by email (CB-MON-002). */
export const snsRows = [topicsRow, subscriptionsRow];
