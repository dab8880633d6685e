import { regionData, type ApiObject } from "../account.js";
import { decodeToken, page, rejectUnsupported, type Operation, type OpRequest } from "../operations.js";
import { ApiError } from "../protocols.js";

/** fixtures/aws/<account>/sns.json, per region: each topic's `TopicArn` with its `Subscriptions` as ListSubscriptionsByTopic answers them. */
export interface SnsRegion {
  Topics: { TopicArn: string; Subscriptions?: ApiObject[] }[];
}

const invalid = (m: string) => new ApiError(400, "InvalidParameter", m);

const topics = (req: OpRequest) => regionData<SnsRegion>(req.account, "sns", req.region).Topics ?? [];

/** SNS answers 100 topics or subscriptions a page; there is no page size parameter. */
const PAGE = 100;

export const snsOperations: Operation[] = [
  {
    service: "sns",
    action: "ListTopics",
    iamAction: "sns:ListTopics",
    handler: (req) => {
      rejectUnsupported(req.params, ["NextToken"], invalid);
      const p = page(req, topics(req), decodeToken(req, req.params.NextToken, () => invalid("Invalid parameter: NextToken")), PAGE);
      return { Topics: p.items.map((t) => ({ TopicArn: t.TopicArn })), ...(p.next ? { NextToken: p.next } : {}) };
    },
  },
  {
    service: "sns",
    action: "ListSubscriptions",
    iamAction: "sns:ListSubscriptions",
    handler: (req) => {
      rejectUnsupported(req.params, ["NextToken"], invalid);
      const all = topics(req).flatMap((t) => t.Subscriptions ?? []);
      const p = page(req, all, decodeToken(req, req.params.NextToken, () => invalid("Invalid parameter: NextToken")), PAGE);
      return { Subscriptions: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    },
  },
  {
    service: "sns",
    action: "ListSubscriptionsByTopic",
    iamAction: "sns:ListSubscriptionsByTopic",
    handler: (req) => {
      rejectUnsupported(req.params, ["TopicArn", "NextToken"], invalid);
      const arn = req.params.TopicArn;
      if (!arn) throw invalid("Invalid parameter: TopicArn");
      const topic = topics(req).find((t) => t.TopicArn === arn);
      if (!topic) throw new ApiError(404, "NotFound", "Topic does not exist");
      const p = page(req, topic.Subscriptions ?? [], decodeToken(req, req.params.NextToken, () => invalid("Invalid parameter: NextToken")), PAGE);
      return { Subscriptions: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    },
  },
];
