/**
 * Types Config keeps in the CloudFormation resource model (PascalCase, CloudFormation's own member
 * names where they differ from the API's): EventBridge rules with their targets, SNS topics,
 * Secrets Manager secrets.
 */
import { configuration, without, type ConfigItem, type ConfigType } from "./items.js";

type Api = Record<string, unknown>;

function defined(o: Api): Api {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
}

/**
 * A rule of the default bus as ListRules has it (the rows read that bus only), or none. CloudFormation
 * types the pattern as JSON, the API as its text.
 */
function defaultBusRule(ci: ConfigItem): { rule: Api; targets: Api[] } | undefined {
  const c = configuration(ci);
  const { Targets, EventPattern } = c;
  // CloudFormation's `Id` is no member of ListRules' Rule.
  const rule = without(c, ["Targets", "Id", "EventPattern"]);
  if ((rule.EventBusName ?? "default") !== "default") return undefined;
  const pattern = EventPattern === undefined || typeof EventPattern === "string" ? EventPattern : JSON.stringify(EventPattern);
  return { rule: defined({ ...rule, Arn: rule.Arn ?? ci.arn, EventPattern: pattern, EventBusName: "default" }), targets: (Targets as Api[] | undefined) ?? [] };
}

export const eventsRule: ConfigType = {
  resourceType: "AWS::Events::Rule",
  service: "events",
  operation: "ListRules",
  items: (ci) => {
    const r = defaultBusRule(ci);
    return r ? [r.rule] : [];
  },
};

/** The same items stand for the targets row: each target with its rule. */
export const eventsTargets: ConfigType = {
  resourceType: "AWS::Events::Rule",
  service: "events",
  operation: "ListTargetsByRule",
  items: (ci) => {
    const r = defaultBusRule(ci);
    return r ? r.targets.map((target) => ({ rule: r.rule, target })) : [];
  },
};

/** Topics only: the subscriptions row lists the topics itself, and the item has no subscription ARNs. */
export const snsTopic: ConfigType = {
  resourceType: "AWS::SNS::Topic",
  service: "sns",
  operation: "ListTopics",
  items: (ci) => [{ TopicArn: configuration(ci).TopicArn ?? ci.arn }],
};

interface SecretConfiguration {
  ARN?: string;
  Name?: string;
  Description?: string;
  KMSKeyId?: string;
  RotationEnabled?: boolean;
  RotationLambdaARN?: string;
  RotationRules?: { AutomaticallyAfterDays?: number; RotationDuration?: string; RotationScheduleExpression?: string };
  Deleted?: boolean;
}

export const secret: ConfigType = {
  resourceType: "AWS::SecretsManager::Secret",
  service: "secretsmanager",
  operation: "ListSecrets",
  items: (ci) => {
    const s = configuration(ci) as SecretConfiguration;
    // ListSecrets leaves out secrets scheduled for deletion.
    if (s.Deleted === true) return [];
    const r = s.RotationRules;
    const rules = r && defined({ AutomaticallyAfterDays: r.AutomaticallyAfterDays, Duration: r.RotationDuration, ScheduleExpression: r.RotationScheduleExpression });
    return [defined({ ARN: s.ARN ?? ci.arn, Name: s.Name ?? ci.resourceName, Description: s.Description, KmsKeyId: s.KMSKeyId, RotationEnabled: s.RotationEnabled, RotationLambdaARN: s.RotationLambdaARN, RotationRules: rules })];
  },
};
