import type { SNSClient, Subscription, Topic } from "@aws-sdk/client-sns";
import { allPages, childrenOfPage, liveResource, type CollectorRow } from "./table.js";

type Page<T> = { items: T[]; next?: string };

async function listTopics(client: unknown, token: string | undefined): Promise<Page<Topic>> {
  const { ListTopicsCommand } = await import("@aws-sdk/client-sns");
  const out = await (client as SNSClient).send(new ListTopicsCommand({ ...(token ? { NextToken: token } : {}) }));
  return { items: out.Topics ?? [], ...(out.NextToken ? { next: out.NextToken } : {}) };
}

async function listSubscriptions(client: unknown, topicArn: string, token: string | undefined): Promise<Page<Subscription>> {
  const { ListSubscriptionsByTopicCommand } = await import("@aws-sdk/client-sns");
  const out = await (client as SNSClient).send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, ...(token ? { NextToken: token } : {}) }));
  return { items: out.Subscriptions ?? [], ...(out.NextToken ? { next: out.NextToken } : {}) };
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
  operation: "ListSubscriptionsByTopic",
  iamAction: "sns:ListSubscriptionsByTopic",
  types: ["aws_sns_topic_subscription"],
  // Pages of ListTopics; each topic's subscriptions are read whole.
  paging: { input: "NextToken", output: "NextToken" },
  list: (client, token) =>
    childrenOfPage(() => listTopics(client, token), "sns:ListTopics", (topic) => allPages((t) => listSubscriptions(client, topic.TopicArn ?? "", t))),
  map(s, _details, ctx) {
    const topic = s.TopicArn ?? "";
    // Until the recipient confirms, the ARN reads `PendingConfirmation`: no address of its own.
    const address = s.SubscriptionArn?.startsWith("arn:") ? s.SubscriptionArn : `${topic}?subscription=${s.Protocol ?? ""}:${s.Endpoint ?? ""}`;
    const values: Record<string, unknown> = { arn: s.SubscriptionArn, topic_arn: topic, protocol: s.Protocol, endpoint: s.Endpoint };
    return [liveResource("aws_sns_topic_subscription", address, values, ctx, "sns:ListSubscriptionsByTopic")];
  },
};

/** SNS topics and their subscriptions: where the alarms notify, and whether by email (CB-MON-002). */
export const snsRows = [topicsRow, subscriptionsRow];
