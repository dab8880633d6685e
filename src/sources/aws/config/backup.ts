/**
 * AWS::Backup::BackupPlan and AWS::Backup::BackupSelection, which Config keeps in the
 * CloudFormation model (`BackupPlan.BackupPlanRule[]` with `TargetBackupVault`; a selection's
 * `BackupSelection` as GetBackupSelection has it). A plan's selections are their own items: the
 * plan row's selection details read them where that type is recorded, and call the API elsewhere.
 * Vaults stay direct: the item has no EncryptionKeyType (whose key it is) nor recovery point count.
 */
import { configuration, type ConfigItem, type ConfigType, type RelatedItems } from "./items.js";

type Api = Record<string, unknown>;

export const BACKUP_SELECTION = "AWS::Backup::BackupSelection";

function defined(o: Api): Api {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
}

/** A CloudFormation rule as GetBackupPlan's `BackupRule`. */
function rule(r: Api): Api {
  const { TargetBackupVault, ...rest } = r;
  return defined({ ...rest, TargetBackupVaultName: TargetBackupVault });
}

function planOf(ci: ConfigItem): { id: string; plan: Api; c: Api } {
  const c = configuration(ci);
  return { id: (c.BackupPlanId as string | undefined) ?? ci.resourceId, plan: (c.BackupPlan as Api | undefined) ?? {}, c };
}

interface Selection {
  BackupPlanId?: string;
  SelectionId?: string;
  BackupSelection?: Api;
}

/** The plan's selections among the region's selection items (undefined: that type is not recorded there). */
function selectionsOf(ci: ConfigItem, related: RelatedItems): Selection[] | undefined {
  const { id } = planOf(ci);
  return related?.map((s) => configuration(s) as Selection).filter((s) => s.BackupPlanId === id);
}

export const backupPlan: ConfigType = {
  resourceType: "AWS::Backup::BackupPlan",
  service: "backup",
  operation: "ListBackupPlans",
  related: BACKUP_SELECTION,
  items: (ci) => {
    const { id, plan, c } = planOf(ci);
    return [defined({ BackupPlanId: id, BackupPlanArn: c.BackupPlanArn ?? ci.arn, BackupPlanName: plan.BackupPlanName ?? ci.resourceName, VersionId: c.VersionId })];
  },
  details: {
    GetBackupPlan: (ci) => {
      const { id, plan, c } = planOf(ci);
      const rules = (plan.BackupPlanRule as Api[] | undefined) ?? [];
      return { value: defined({ BackupPlanId: id, BackupPlanArn: c.BackupPlanArn ?? ci.arn, VersionId: c.VersionId, BackupPlan: { BackupPlanName: plan.BackupPlanName, Rules: rules.map(rule) } }) };
    },
    ListBackupSelections: (ci, related) => {
      const list = selectionsOf(ci, related);
      return list && { value: list.map((s) => defined({ SelectionId: s.SelectionId, SelectionName: s.BackupSelection?.SelectionName, BackupPlanId: s.BackupPlanId, IamRoleArn: s.BackupSelection?.IamRoleArn })) };
    },
    GetBackupSelection: (ci, related) => {
      const list = selectionsOf(ci, related);
      return list && { value: list.map((s) => ({ SelectionId: s.SelectionId, BackupPlanId: s.BackupPlanId, BackupSelection: s.BackupSelection })) };
    },
  },
};
