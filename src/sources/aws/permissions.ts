/**
 * The IAM policy a scan needs, read off the same collector table that makes the calls, so the two
 * cannot drift apart: nothing but Describe/List/Get/View (Budgets reads under `budgets:ViewBudget`)
 * and Config's Select actions.
 */
import { requiredActions } from "./collect.js";
import { SELECT_ACTION, SELECT_AGGREGATE_ACTION } from "./config-mode.js";

export interface PolicyNeeds {
  /** --via config: SelectResourceConfig in each account. */
  config?: boolean;
  /** --aggregator: SelectAggregateResourceConfig in the aggregator's account. */
  aggregator?: boolean;
  /** --org-role-name / --role-arn: the caller lists the organization and assumes roles. */
  org?: boolean;
  /** --regions all. */
  allRegions?: boolean;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: { Sid: string; Effect: "Allow"; Action: string[]; Resource: "*" }[];
}

export function scanPolicy(needs: PolicyNeeds = {}): PolicyDocument {
  const read = new Set(requiredActions());
  if (needs.config) read.add(SELECT_ACTION);
  if (needs.aggregator) read.add(SELECT_AGGREGATE_ACTION);
  if (needs.allRegions) read.add("ec2:DescribeRegions");
  const statements: PolicyDocument["Statement"] = [{ Sid: "CbguardReadOnlyScan", Effect: "Allow", Action: [...read].sort(), Resource: "*" }];
  if (needs.org) statements.push({ Sid: "CbguardReachAccounts", Effect: "Allow", Action: ["organizations:ListAccounts", "sts:AssumeRole"], Resource: "*" });
  return { Version: "2012-10-17", Statement: statements };
}

/** True for an action a read-only scan may hold: the test of the table itself. */
export function isReadOnlyAction(action: string): boolean {
  return /^[a-z0-9-]+:(Describe|List|Get|Select|View)[A-Za-z]*$/.test(action);
}
