variable "name_prefix" {
  description = "Prefix for resource names."
  type        = string
}

variable "instance_class" {
  description = "RDS instance class."
  type        = string
}

variable "engine_version" {
  description = "PostgreSQL major version (\"16\"), or major.minor. With a major version only, RDS picks the newest minor and auto minor version upgrades do not show up as drift."
  type        = string

  validation {
    condition     = can(regex("^[0-9]+(\\.[0-9]+)?$", var.engine_version))
    error_message = "engine_version must be a PostgreSQL version such as 16 or 16.6."
  }
}

variable "allocated_storage_gb" {
  description = "Initial storage in GB."
  type        = number
}

variable "max_allocated_storage_gb" {
  description = "Storage autoscaling ceiling in GB."
  type        = number
}

variable "backup_retention_days" {
  description = "Automated backup (point-in-time recovery) retention in days."
  type        = number
}

variable "log_retention_days" {
  description = "Retention of the exported PostgreSQL log group."
  type        = number
}

variable "subnet_ids" {
  description = "Private subnets for the DB subnet group."
  type        = list(string)
}

variable "security_group_id" {
  description = "Security group of the database."
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key for storage, Performance Insights and the master secret."
  type        = string
}

variable "logs_kms_key_arn" {
  description = "KMS key for the exported log group."
  type        = string
}

variable "backup_window" {
  description = "Daily UTC window for RDS automated backups. Keep AWS Backup jobs and the maintenance window clear of it."
  type        = string
  default     = "03:00-04:00"
}

variable "maintenance_window" {
  description = "Weekly UTC maintenance window; Sunday 07:00, after the 05:00 AWS Backup jobs (start window 1 hour) have started."
  type        = string
  default     = "sun:07:00-sun:08:00"
}
