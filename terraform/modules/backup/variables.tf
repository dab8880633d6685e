variable "name_prefix" {
  description = "Prefix for resource names."
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key encrypting the backup vault."
  type        = string
}

variable "daily_schedule" {
  description = "Schedule of the daily rule."
  type        = string
}

variable "weekly_schedule" {
  description = "Schedule of the weekly rule."
  type        = string
}

variable "delete_after_days" {
  description = "Days daily recovery points are kept."
  type        = number

  validation {
    condition     = var.delete_after_days >= 1
    error_message = "delete_after_days must be at least 1."
  }
}

variable "weekly_delete_after_days" {
  description = "Days weekly recovery points are kept."
  type        = number

  validation {
    condition     = var.weekly_delete_after_days >= 1
    error_message = "weekly_delete_after_days must be at least 1."
  }
}

variable "restore_test_schedule" {
  description = "Schedule of the restore test."
  type        = string
}

variable "db_instance_arn" {
  description = "RDS instance to back up and restore-test."
  type        = string
}
