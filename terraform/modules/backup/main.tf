locals {
  # Restore testing names allow only letters, digits and underscores.
  restore_test_prefix = replace(var.name_prefix, "-", "_")
}

resource "aws_backup_vault" "main" {
  name        = "${var.name_prefix}-vault"
  kms_key_arn = var.kms_key_arn
}

resource "aws_backup_plan" "main" {
  name = "${var.name_prefix}-backups"

  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = var.daily_schedule
    start_window      = 60
    completion_window = 240

    lifecycle {
      delete_after = var.delete_after_days
    }
  }

  rule {
    rule_name         = "weekly"
    target_vault_name = aws_backup_vault.main.name
    schedule          = var.weekly_schedule
    start_window      = 60
    completion_window = 480

    lifecycle {
      delete_after = var.weekly_delete_after_days
    }
  }
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["backup.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "backup" {
  name               = "${var.name_prefix}-backup"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy_attachment" "backup" {
  role       = aws_iam_role.backup.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"
}

resource "aws_iam_role_policy_attachment" "restore" {
  role       = aws_iam_role.backup.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores"
}

resource "aws_backup_selection" "database" {
  name         = "${var.name_prefix}-database"
  plan_id      = aws_backup_plan.main.id
  iam_role_arn = aws_iam_role.backup.arn
  resources    = [var.db_instance_arn]

  # AWS Backup validates the role when the selection is created.
  depends_on = [aws_iam_role_policy_attachment.backup]
}

# Monthly restore test of the latest database recovery point (guide: Monthly Tasks).
resource "aws_backup_restore_testing_plan" "monthly" {
  name                = "${local.restore_test_prefix}_monthly_restore"
  schedule_expression = var.restore_test_schedule

  recovery_point_selection {
    algorithm             = "LATEST_WITHIN_WINDOW"
    include_vaults        = [aws_backup_vault.main.arn]
    recovery_point_types  = ["SNAPSHOT"]
    selection_window_days = 7
  }
}

resource "aws_backup_restore_testing_selection" "database" {
  name                      = "${local.restore_test_prefix}_database"
  restore_testing_plan_name = aws_backup_restore_testing_plan.monthly.name
  protected_resource_type   = "RDS"
  iam_role_arn              = aws_iam_role.backup.arn
  protected_resource_arns   = [var.db_instance_arn]
  validation_window_hours   = 4

  depends_on = [aws_iam_role_policy_attachment.restore]
}
