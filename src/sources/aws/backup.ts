import type {
  BackupClient, BackupPlansListMember, BackupRule, BackupSelection, BackupSelectionsListMember, BackupVaultListMember, Condition, ConditionParameter,
  GetBackupPlanOutput, GetBackupSelectionOutput, Lifecycle, ProtectedResource, RestoreTestingPlanForList,
} from "@aws-sdk/client-backup";
import type { Resource } from "../../model/resource.js";
import { allPages, defined, liveResource, pageOf, sharedPerItem, tokenParam, type CollectContext, type CollectorRow, type DetailResult } from "./table.js";

const PACKAGE = "@aws-sdk/client-backup";
const PAGE = 1000;

const iso = (d: Date | undefined) => d?.toISOString();

const lifecycle = (l: Lifecycle | undefined) => (l ? [defined({ delete_after: l.DeleteAfterDays, cold_storage_after: l.MoveToColdStorageAfterDays, opt_in_to_archive_for_supported_resources: l.OptInToArchiveForSupportedResources })] : []);

function rule(r: BackupRule): Record<string, unknown> {
  return defined({
    rule_name: r.RuleName,
    target_vault_name: r.TargetBackupVaultName,
    schedule: r.ScheduleExpression,
    schedule_expression_timezone: r.ScheduleExpressionTimezone,
    start_window: r.StartWindowMinutes,
    completion_window: r.CompletionWindowMinutes,
    enable_continuous_backup: r.EnableContinuousBackup ?? false,
    lifecycle: lifecycle(r.Lifecycle),
    copy_action: (r.CopyActions ?? []).map((c) => ({ destination_vault_arn: c.DestinationBackupVaultArn, lifecycle: lifecycle(c.Lifecycle) })),
    recovery_point_tags: r.RecoveryPointTags,
  });
}

const pairs = (ps: ConditionParameter[] | undefined) => (ps ?? []).map((p) => ({ key: p.ConditionKey, value: p.ConditionValue }));

/** GetBackupSelection's `BackupSelection` in aws_backup_selection's attribute names. */
function selectionValues(s: BackupSelection): Record<string, unknown> {
  const c = s.Conditions;
  return {
    name: s.SelectionName,
    iam_role_arn: s.IamRoleArn,
    resources: s.Resources ?? [],
    not_resources: s.NotResources ?? [],
    selection_tag: (s.ListOfTags ?? []).map((t: Condition) => ({ type: t.ConditionType, key: t.ConditionKey, value: t.ConditionValue })),
    condition: c ? [{ string_equals: pairs(c.StringEquals), string_not_equals: pairs(c.StringNotEquals), string_like: pairs(c.StringLike), string_not_like: pairs(c.StringNotLike) }] : [],
  };
}

const selectionList = sharedPerItem(async (client: unknown, p: BackupPlansListMember): Promise<BackupSelectionsListMember[]> => {
  const { ListBackupSelectionsCommand } = await import("@aws-sdk/client-backup");
  return allPages(async (token) => {
    const page = await (client as BackupClient).send(new ListBackupSelectionsCommand({ BackupPlanId: p.BackupPlanId, MaxResults: PAGE, ...tokenParam("NextToken", token) }));
    return pageOf(page.BackupSelectionsList, page.NextToken);
  });
});

/** The plan's selections, and the resources they name by ARN (those without a wildcard). */
function selections(p: BackupPlansListMember, details: Record<string, DetailResult>, ctx: CollectContext): Resource[] {
  const planId = p.BackupPlanId ?? "";
  const list = details.selectionList;
  const got = details.selections;
  if (!list?.ok) {
    const why = list?.reason ?? "not read";
    return [liveResource("aws_backup_selection", `${p.BackupPlanArn ?? planId}?selections`, { plan_id: planId }, ctx, "backup:ListBackupSelections", { "*": why })];
  }
  return (list.value as BackupSelectionsListMember[]).flatMap((member) => {
    const id = member.SelectionId ?? "";
    const arn = `arn:aws:backup:${ctx.region}:${ctx.account}:backup-plan:${planId}/selection/${id}`;
    const base = { id, plan_id: planId, name: member.SelectionName };
    if (!got?.ok) return [liveResource("aws_backup_selection", arn, base, ctx, "backup:GetBackupSelection", { "*": got?.reason ?? "not read" })];
    const sel = (got.value as GetBackupSelectionOutput[]).find((s) => s.SelectionId === id)?.BackupSelection;
    if (!sel) return [];
    const values = { ...base, ...selectionValues(sel) };
    const named = (sel.Resources ?? []).filter((r) => !r.includes("*"));
    return [
      liveResource("aws_backup_selection", arn, values, ctx, "backup:GetBackupSelection"),
      // Live-only: what a selection names must be backed up (CB-BAK-004), even before its first job.
      ...named.map((r) => liveResource("aws_backup_selected_resource", r, { resource_arn: r, selection_id: id, plan_id: planId }, ctx, "backup:GetBackupSelection")),
    ];
  });
}

const vaults: CollectorRow<BackupVaultListMember> = {
  service: "backup",
  clientPackage: PACKAGE,
  clientClass: "BackupClient",
  operation: "ListBackupVaults",
  iamAction: "backup:ListBackupVaults",
  types: ["aws_backup_vault"],
  paging: { input: "NextToken", output: "NextToken" },
  async list(client, token) {
    const { ListBackupVaultsCommand } = await import("@aws-sdk/client-backup");
    const out = await (client as BackupClient).send(new ListBackupVaultsCommand({ MaxResults: PAGE, ...tokenParam("NextToken", token) }));
    return pageOf(out.BackupVaultList, out.NextToken);
  },
  map(v, _details, ctx) {
    // Logically air-gapped vaults are another Terraform type.
    if (v.VaultType !== undefined && v.VaultType !== "BACKUP_VAULT") return [];
    const name = v.BackupVaultName ?? "";
    const arn = v.BackupVaultArn ?? `arn:aws:backup:${ctx.region}:${ctx.account}:backup-vault:${name}`;
    // AWS always names a key; one AWS owns is no key the team chose, so kms_key_arn stays unset.
    const customer = v.EncryptionKeyType !== "AWS_OWNED_KMS_KEY";
    const values = defined({ arn, id: name, name, kms_key_arn: customer ? v.EncryptionKeyArn : undefined, recovery_points: v.NumberOfRecoveryPoints });
    return [liveResource("aws_backup_vault", arn, values, ctx, "backup:ListBackupVaults")];
  },
};

const plans: CollectorRow<BackupPlansListMember> = {
  service: "backup",
  clientPackage: PACKAGE,
  clientClass: "BackupClient",
  operation: "ListBackupPlans",
  iamAction: "backup:ListBackupPlans",
  types: ["aws_backup_plan", "aws_backup_selection", "aws_backup_selected_resource"],
  paging: { input: "NextToken", output: "NextToken" },
  async list(client, token) {
    const { ListBackupPlansCommand } = await import("@aws-sdk/client-backup");
    const out = await (client as BackupClient).send(new ListBackupPlansCommand({ MaxResults: PAGE, ...tokenParam("NextToken", token) }));
    return pageOf(out.BackupPlansList, out.NextToken);
  },
  details: {
    plan: {
      operation: "GetBackupPlan",
      iamAction: "backup:GetBackupPlan",
      notConfigured: {},
      async call(client, p) {
        const { GetBackupPlanCommand } = await import("@aws-sdk/client-backup");
        return (client as BackupClient).send(new GetBackupPlanCommand({ BackupPlanId: p.BackupPlanId }));
      },
    },
    selectionList: {
      operation: "ListBackupSelections",
      iamAction: "backup:ListBackupSelections",
      notConfigured: {},
      call: selectionList,
    },
    selections: {
      operation: "GetBackupSelection",
      iamAction: "backup:GetBackupSelection",
      notConfigured: {},
      async call(client, p) {
        const { GetBackupSelectionCommand } = await import("@aws-sdk/client-backup");
        const members = await selectionList(client, p);
        return Promise.all(members.map((m) => (client as BackupClient).send(new GetBackupSelectionCommand({ BackupPlanId: p.BackupPlanId, SelectionId: m.SelectionId }))));
      },
    },
  },
  map(p, details, ctx) {
    const id = p.BackupPlanId ?? "";
    const arn = p.BackupPlanArn ?? `arn:aws:backup:${ctx.region}:${ctx.account}:backup-plan:${id}`;
    const base = defined({ arn, id, name: p.BackupPlanName, version: p.VersionId });
    const got = details.plan;
    const plan = got?.ok
      ? liveResource("aws_backup_plan", arn, { ...base, rule: ((got.value as GetBackupPlanOutput).BackupPlan?.Rules ?? []).map(rule) }, ctx, "backup:GetBackupPlan")
      : liveResource("aws_backup_plan", arn, base, ctx, "backup:GetBackupPlan", { rule: got?.reason ?? "not read" });
    return [plan, ...selections(p, details, ctx)];
  },
};

/** What AWS Backup has backed up in the region, with the end of its latest completed job (CB-BAK-004). */
const protectedResources: CollectorRow<ProtectedResource> = {
  service: "backup",
  clientPackage: PACKAGE,
  clientClass: "BackupClient",
  operation: "ListProtectedResources",
  iamAction: "backup:ListProtectedResources",
  types: ["aws_backup_protected_resource"],
  paging: { input: "NextToken", output: "NextToken" },
  async list(client, token) {
    const { ListProtectedResourcesCommand } = await import("@aws-sdk/client-backup");
    const out = await (client as BackupClient).send(new ListProtectedResourcesCommand({ MaxResults: PAGE, ...tokenParam("NextToken", token) }));
    return pageOf(out.Results, out.NextToken);
  },
  details: {
    latestCompleted: {
      operation: "ListBackupJobs",
      iamAction: "backup:ListBackupJobs",
      notConfigured: {},
      /** The latest CompletionDate of the resource's COMPLETED jobs (AWS keeps a job listed 30 days). */
      async call(client, r) {
        const { ListBackupJobsCommand } = await import("@aws-sdk/client-backup");
        const jobs = await allPages(async (token) => {
          const page = await (client as BackupClient).send(new ListBackupJobsCommand({ ByResourceArn: r.ResourceArn, ByState: "COMPLETED", MaxResults: PAGE, ...tokenParam("NextToken", token) }));
          return pageOf(page.BackupJobs, page.NextToken);
        });
        let latest: Date | undefined;
        for (const j of jobs) if (j.CompletionDate && (!latest || j.CompletionDate > latest)) latest = j.CompletionDate;
        return latest ?? null;
      },
    },
  },
  map(r, details, ctx) {
    const arn = r.ResourceArn ?? "";
    const values = defined({ resource_arn: arn, resource_type: r.ResourceType, resource_name: r.ResourceName, last_backup_time: iso(r.LastBackupTime) });
    const jobs = details.latestCompleted;
    if (!jobs?.ok) return [liveResource("aws_backup_protected_resource", arn, values, ctx, "backup:ListBackupJobs", { latest_completed_backup: jobs?.reason ?? "not read" })];
    if (jobs.value instanceof Date) values.latest_completed_backup = jobs.value.toISOString();
    return [liveResource("aws_backup_protected_resource", arn, values, ctx, "backup:ListBackupJobs")];
  },
};

const restoreTestingPlans: CollectorRow<RestoreTestingPlanForList> = {
  service: "backup",
  clientPackage: PACKAGE,
  clientClass: "BackupClient",
  operation: "ListRestoreTestingPlans",
  iamAction: "backup:ListRestoreTestingPlans",
  types: ["aws_backup_restore_testing_plan"],
  paging: { input: "NextToken", output: "NextToken" },
  async list(client, token) {
    const { ListRestoreTestingPlansCommand } = await import("@aws-sdk/client-backup");
    const out = await (client as BackupClient).send(new ListRestoreTestingPlansCommand({ MaxResults: PAGE, ...tokenParam("NextToken", token) }));
    return pageOf(out.RestoreTestingPlans, out.NextToken);
  },
  map(p, _details, ctx) {
    const arn = p.RestoreTestingPlanArn ?? "";
    const values = defined({ arn, name: p.RestoreTestingPlanName, schedule_expression: p.ScheduleExpression, schedule_expression_timezone: p.ScheduleExpressionTimezone, start_window_hours: p.StartWindowHours });
    return [liveResource("aws_backup_restore_testing_plan", arn, values, ctx, "backup:ListRestoreTestingPlans")];
  },
};

/** AWS Backup: rows of the collector table. */
export const backupRows: CollectorRow<never>[] = [vaults, plans, protectedResources, restoreTestingPlans] as unknown as CollectorRow<never>[];
