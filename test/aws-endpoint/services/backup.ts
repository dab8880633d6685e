import { regionData, type ApiObject } from "../account.js";
import { decodeToken, intParam, page, rejectUnsupported, type Operation, type OpRequest } from "../operations.js";
import { ApiError } from "../protocols.js";

/**
 * fixtures/aws/<account>/backup.json, per region. Plans carry their selections (GetBackupSelection
 * outputs); the list operations derive their list members from these.
 */
export interface BackupRegion {
  BackupVaultList: ApiObject[];
  /** GetBackupPlan outputs, each with `Selections`: GetBackupSelection outputs. */
  BackupPlans: (ApiObject & { BackupPlanId: string; BackupPlan: ApiObject; Selections?: (ApiObject & { BackupSelection: ApiObject })[] })[];
  RestoreTestingPlans: ApiObject[];
  /** ListProtectedResources `Results`. */
  ProtectedResources: ApiObject[];
  BackupJobs: ApiObject[];
}

const invalid = (m: string) => new ApiError(400, "InvalidParameterValueException", m);
const notFound = (m: string) => new ApiError(404, "ResourceNotFoundException", m);

/** Timestamp members of the outputs served here. */
const TIMESTAMPS = new Set(["CreationDate", "CompletionDate", "DeletionDate", "LastExecutionDate", "LockDate", "ExpectedCompletionDate", "StartBy", "InitiationDate", "LastBackupTime", "CreationTime", "LastExecutionTime", "LastUpdateTime"]);
const HOURS_AGO = /^now-(\d+(?:\.\d+)?)h$/;

/**
 * REST-JSON carries timestamps as epoch seconds. A fixture writes a time either as ISO 8601 or as
 * `now-<n>h`, so backup jobs stay as old as the fixture says whenever the test runs.
 */
function epochSeconds(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const rel = HOURS_AGO.exec(v);
  return rel ? Math.floor(Date.now() / 1000 - Number(rel[1]) * 3600) : Date.parse(v) / 1000;
}

function wire(v: unknown, key = ""): unknown {
  if (Array.isArray(v)) return v.map((x) => wire(x));
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, wire(x, k)]));
  return TIMESTAMPS.has(key) ? epochSeconds(v) : v;
}

function data(req: OpRequest): Partial<BackupRegion> {
  return regionData<BackupRegion>(req.account, "backup", req.region);
}

/** One page of a GET list: query members `nextToken`/`maxResults` (ListRestoreTestingPlans: capitalised). */
function listPage<T>(req: OpRequest, items: T[], names = { token: "nextToken", max: "maxResults" }): { items: T[]; next?: string } {
  const max = intParam(req.params[names.max], names.max, 1, 1000, 1000, invalid);
  const offset = decodeToken(req, req.params[names.token], () => invalid("The next token is not valid."));
  return page(req, items, offset, max);
}

function plan(req: OpRequest): BackupRegion["BackupPlans"][number] {
  const id = req.path.BackupPlanId;
  const found = (data(req).BackupPlans ?? []).find((p) => p.BackupPlanId === id);
  if (!found) throw notFound(`Failed reading backup plan ${id}`);
  return found;
}

function since(req: OpRequest, name: string): number | undefined {
  const v = req.params[name];
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw invalid(`${name} is not a timestamp: ${v}`);
  return t / 1000;
}

export const backupOperations: Operation[] = [
  {
    service: "backup",
    action: "ListBackupVaults",
    iamAction: "backup:ListBackupVaults",
    rest: { method: "GET", path: "/backup-vaults" },
    handler: (req) => {
      rejectUnsupported(req.params, ["nextToken", "maxResults"], invalid);
      const p = listPage(req, data(req).BackupVaultList ?? []);
      return { BackupVaultList: wire(p.items) as ApiObject[], ...(p.next ? { NextToken: p.next } : {}) };
    },
  },
  {
    service: "backup",
    action: "ListBackupPlans",
    iamAction: "backup:ListBackupPlans",
    rest: { method: "GET", path: "/backup/plans" },
    handler: (req) => {
      rejectUnsupported(req.params, ["nextToken", "maxResults"], invalid);
      const members = (data(req).BackupPlans ?? []).map((p) => ({
        BackupPlanArn: p.BackupPlanArn, BackupPlanId: p.BackupPlanId, BackupPlanName: p.BackupPlan.BackupPlanName, VersionId: p.VersionId, CreationDate: p.CreationDate,
      }));
      const p = listPage(req, members);
      return { BackupPlansList: wire(p.items) as ApiObject[], ...(p.next ? { NextToken: p.next } : {}) };
    },
  },
  {
    service: "backup",
    action: "GetBackupPlan",
    iamAction: "backup:GetBackupPlan",
    rest: { method: "GET", path: "/backup/plans/{BackupPlanId}" },
    handler: (req) => {
      rejectUnsupported(req.params, [], invalid);
      const out: ApiObject = { ...plan(req) };
      delete out.Selections;
      return wire(out) as ApiObject;
    },
  },
  {
    service: "backup",
    action: "ListBackupSelections",
    iamAction: "backup:ListBackupSelections",
    rest: { method: "GET", path: "/backup/plans/{BackupPlanId}/selections" },
    handler: (req) => {
      rejectUnsupported(req.params, ["nextToken", "maxResults"], invalid);
      const p = plan(req);
      const members = (p.Selections ?? []).map((s) => ({
        SelectionId: s.SelectionId, SelectionName: s.BackupSelection.SelectionName, BackupPlanId: p.BackupPlanId, CreationDate: s.CreationDate, IamRoleArn: s.BackupSelection.IamRoleArn,
      }));
      const pg = listPage(req, members);
      return { BackupSelectionsList: wire(pg.items) as ApiObject[], ...(pg.next ? { NextToken: pg.next } : {}) };
    },
  },
  {
    service: "backup",
    action: "GetBackupSelection",
    iamAction: "backup:GetBackupSelection",
    rest: { method: "GET", path: "/backup/plans/{BackupPlanId}/selections/{SelectionId}" },
    handler: (req) => {
      rejectUnsupported(req.params, [], invalid);
      const p = plan(req);
      const s = (p.Selections ?? []).find((x) => x.SelectionId === req.path.SelectionId);
      if (!s) throw notFound(`Failed reading backup selection ${req.path.SelectionId ?? ""}`);
      return wire({ ...s, BackupPlanId: p.BackupPlanId }) as ApiObject;
    },
  },
  {
    service: "backup",
    action: "ListRestoreTestingPlans",
    iamAction: "backup:ListRestoreTestingPlans",
    rest: { method: "GET", path: "/restore-testing/plans" },
    handler: (req) => {
      rejectUnsupported(req.params, ["NextToken", "MaxResults"], invalid);
      const p = listPage(req, data(req).RestoreTestingPlans ?? [], { token: "NextToken", max: "MaxResults" });
      return { RestoreTestingPlans: wire(p.items) as ApiObject[], ...(p.next ? { NextToken: p.next } : {}) };
    },
  },
  {
    service: "backup",
    action: "ListProtectedResources",
    iamAction: "backup:ListProtectedResources",
    rest: { method: "GET", path: "/resources" },
    handler: (req) => {
      rejectUnsupported(req.params, ["nextToken", "maxResults"], invalid);
      const p = listPage(req, data(req).ProtectedResources ?? []);
      return { Results: wire(p.items) as ApiObject[], ...(p.next ? { NextToken: p.next } : {}) };
    },
  },
  {
    service: "backup",
    action: "ListBackupJobs",
    iamAction: "backup:ListBackupJobs",
    rest: { method: "GET", path: "/backup-jobs" },
    handler: (req) => {
      rejectUnsupported(req.params, ["nextToken", "maxResults", "resourceArn", "state", "createdAfter", "completeAfter"], invalid);
      const { resourceArn, state } = req.params;
      const createdAfter = since(req, "createdAfter");
      const completeAfter = since(req, "completeAfter");
      const jobs = (wire(data(req).BackupJobs ?? []) as ApiObject[]).filter((j) => (resourceArn === undefined || j.ResourceArn === resourceArn)
        && (state === undefined || j.State === state)
        && (createdAfter === undefined || Number(j.CreationDate) > createdAfter)
        && (completeAfter === undefined || Number(j.CompletionDate) > completeAfter));
      const p = listPage(req, jobs);
      return { BackupJobs: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    },
  },
];
