import { globalData, type ApiObject } from "../account.js";
import { decodeToken, intParam, page, rejectUnsupportedJson, type Operation, type OpRequest } from "../operations.js";
import { ApiError } from "../protocols.js";

/** fixtures/aws/<account>/budgets.json, global: each budget as DescribeBudgets answers it, with its `Notifications`. */
export interface BudgetsGlobal {
  Budgets: (ApiObject & { BudgetName: string; Notifications?: ApiObject[] })[];
}

const invalid = (m: string) => new ApiError(400, "InvalidParameterException", m);

/** Budgets names the account in every request; only the caller's own may be read. */
function checkAccount(req: OpRequest): void {
  const id = req.json.AccountId;
  if (typeof id !== "string" || !/^\d{12}$/.test(id)) throw invalid("1 validation error detected: Value at 'accountId' failed to satisfy constraint: Member must have length 12");
  if (id !== req.account.accountId) {
    throw new ApiError(400, "AccessDeniedException", `User: ${req.account.caller.Arn} is not authorized to perform: budgets:ViewBudget on resource: arn:aws:budgets::${id}:budget/*`);
  }
}

/** One page: `MaxResults` from 1 to `max` (default 100), an invalid token its own error. */
function pageOf<T>(req: OpRequest, items: T[], max: number): { items: T[]; next?: string } {
  const asked = intParam(req.json.MaxResults, "MaxResults", 1, max, 100, invalid);
  const token = typeof req.json.NextToken === "string" ? req.json.NextToken : undefined;
  return page(req, items, decodeToken(req, token, () => new ApiError(400, "InvalidNextTokenException", "The pagination token is invalid.")), asked);
}

const budgets = (req: OpRequest) => globalData<BudgetsGlobal>(req.account, "budgets").Budgets ?? [];

export const budgetsOperations: Operation[] = [
  {
    service: "budgets",
    action: "DescribeBudgets",
    iamAction: "budgets:ViewBudget",
    handler: (req) => {
      rejectUnsupportedJson(req.json, ["AccountId", "MaxResults", "NextToken"], invalid);
      checkAccount(req);
      const p = pageOf(req, budgets(req), 1000);
      return { Budgets: p.items.map(({ Notifications: _n, ...b }) => b), ...(p.next ? { NextToken: p.next } : {}) };
    },
  },
  {
    service: "budgets",
    action: "DescribeNotificationsForBudget",
    iamAction: "budgets:ViewBudget",
    handler: (req) => {
      rejectUnsupportedJson(req.json, ["AccountId", "BudgetName", "MaxResults", "NextToken"], invalid);
      checkAccount(req);
      const name = req.json.BudgetName;
      const budget = budgets(req).find((b) => b.BudgetName === name);
      if (!budget) throw new ApiError(400, "NotFoundException", `Unable to get budget: ${String(name)} - the budget doesn't exist.`);
      const p = pageOf(req, budget.Notifications ?? [], 100);
      return { Notifications: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    },
  },
];
