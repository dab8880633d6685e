# Every number the production deployment guide states is a variable here, with the guide's value as
# its default; production.tfvars sets the same values explicitly. Values the guide does not state
# (CIDRs, schedules' hours, thresholds) carry this stack's production choice.

variable "name_prefix" {
  description = "Prefix for every resource name (guide: classboard-production-*)."
  type        = string
  default     = "classboard-production"

  validation {
    # Bucket names are <prefix>-replica-access-logs: at most 63 characters, lower case.
    condition     = can(regex("^[a-z][a-z0-9-]{1,41}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3 to 43 lower-case letters, digits or hyphens, starting with a letter (it prefixes S3 bucket names)."
  }
}

variable "account_id" {
  description = "AWS account the stack is deployed to. ARNs in IAM, KMS and bucket policies are built from it so they are known and reviewable at plan time; both providers refuse to run against any other account (allowed_account_ids)."
  type        = string
  default     = "123456789012"

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be a 12-digit AWS account id."
  }
}

variable "primary_region" {
  description = "Region all data lives in (guide: Data Residency)."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.primary_region))
    error_message = "primary_region must be an AWS region name such as us-east-1."
  }
}

variable "replica_region" {
  description = "Region S3 data is replicated to (guide: Cross-Region Replication to us-west-2). Must differ from primary_region."
  type        = string
  default     = "us-west-2"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.replica_region))
    error_message = "replica_region must be an AWS region name such as us-west-2."
  }
}

variable "vpc_cidr" {
  description = "CIDR block of the application VPC; subnets are /8 steps below it (public 0..n, private 10..n)."
  type        = string
  default     = "10.20.0.0/16"

  validation {
    condition     = can(cidrsubnet(var.vpc_cidr, 8, 20))
    error_message = "vpc_cidr must be an IPv4 CIDR block of /16 to /20, so it can hold the /8-step subnets."
  }
}

variable "availability_zones" {
  description = "AZs in the primary region: one public and one private subnet in each. The Multi-AZ database needs at least two."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b"]

  validation {
    condition     = length(var.availability_zones) >= 2 && length(distinct(var.availability_zones)) == length(var.availability_zones)
    error_message = "availability_zones must list at least two distinct AZs (Multi-AZ RDS)."
  }
}

variable "db_instance_class" {
  description = "RDS instance class (guide: db.r5.large)."
  type        = string
  default     = "db.r5.large"

  validation {
    condition     = startswith(var.db_instance_class, "db.")
    error_message = "db_instance_class must be an RDS instance class (db.*)."
  }
}

variable "db_engine_version" {
  description = "PostgreSQL major version (e.g. \"16\"). RDS picks the newest minor and auto minor version upgrade keeps it current; a pinned minor (\"16.4\") would make Terraform try to downgrade after each upgrade."
  type        = string
  default     = "16"

  validation {
    condition     = can(regex("^[0-9]+(\\.[0-9]+)?$", var.db_engine_version))
    error_message = "db_engine_version must be a PostgreSQL version such as 16 or 16.6."
  }
}

variable "db_allocated_storage_gb" {
  description = "Initial RDS storage in GB (guide: 100GB)."
  type        = number
  default     = 100

  validation {
    condition     = var.db_allocated_storage_gb >= 20 && var.db_allocated_storage_gb <= 65536
    error_message = "db_allocated_storage_gb must be between 20 and 65536 (gp3)."
  }
}

variable "db_max_allocated_storage_gb" {
  description = "RDS storage autoscaling ceiling in GB (guide: auto-scaling to 1TB)."
  type        = number
  default     = 1000

  validation {
    condition     = var.db_max_allocated_storage_gb >= 20 && var.db_max_allocated_storage_gb <= 65536
    error_message = "db_max_allocated_storage_gb must be between 20 and 65536."
  }
}

variable "db_backup_retention_days" {
  description = "RDS automated backup (point-in-time recovery) retention in days (guide: 30-day retention)."
  type        = number
  default     = 30

  validation {
    condition     = var.db_backup_retention_days >= 1 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be between 1 and 35 (the RDS maximum)."
  }
}

variable "app_log_retention_days" {
  description = "CloudWatch retention for application logs (guide: Application Logs 30 days)."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.app_log_retention_days)
    error_message = "app_log_retention_days must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }
}

variable "access_log_retention_days" {
  description = "Retention for access logs: S3/CloudFront access logs, VPC flow logs, API access logs (guide: Access Logs 90 days)."
  type        = number
  default     = 90

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.access_log_retention_days)
    error_message = "access_log_retention_days must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }
}

variable "audit_log_retention_days" {
  description = "How long CloudTrail and AWS Config history is kept in the audit bucket (the guide gives no number; one year)."
  type        = number
  default     = 365

  validation {
    condition     = var.audit_log_retention_days >= 90
    error_message = "audit_log_retention_days must be at least 90 (the access-log retention)."
  }
}

variable "backup_delete_after_days" {
  description = "Days AWS Backup keeps daily recovery points (guide: Database Backups 30 days)."
  type        = number
  default     = 30

  validation {
    condition     = var.backup_delete_after_days >= 1
    error_message = "backup_delete_after_days must be at least 1."
  }
}

variable "weekly_backup_delete_after_days" {
  description = "Days AWS Backup keeps weekly recovery points (the guide gives no number; about three months)."
  type        = number
  default     = 90

  validation {
    condition     = var.weekly_backup_delete_after_days >= 1
    error_message = "weekly_backup_delete_after_days must be at least 1."
  }
}

variable "backup_daily_schedule" {
  description = "AWS Backup daily rule schedule (UTC; guide: daily backups). 05:00, after the RDS backup window (03:00-04:00)."
  type        = string
  default     = "cron(0 5 * * ? *)"

  validation {
    condition     = can(regex("^cron\\(.+\\)$", var.backup_daily_schedule))
    error_message = "backup_daily_schedule must be a cron(...) expression."
  }
}

variable "backup_weekly_schedule" {
  description = "AWS Backup weekly rule schedule (UTC, Sundays; guide: weekly backups)."
  type        = string
  default     = "cron(0 5 ? * SUN *)"

  validation {
    condition     = can(regex("^cron\\(.+\\)$", var.backup_weekly_schedule))
    error_message = "backup_weekly_schedule must be a cron(...) expression."
  }
}

variable "restore_test_schedule" {
  description = "When AWS Backup restore testing runs (guide: monthly backup restoration testing)."
  type        = string
  default     = "cron(0 6 1 * ? *)"

  validation {
    condition     = can(regex("^cron\\(.+\\)$", var.restore_test_schedule))
    error_message = "restore_test_schedule must be a cron(...) expression."
  }
}

variable "cors_allowed_origins" {
  description = "Origins allowed to call the files bucket, and the web app's OAuth callback origins (guide: CORS restricted to production domain)."
  type        = list(string)
  default     = ["https://classboard.app"]

  validation {
    condition     = length(var.cors_allowed_origins) > 0 && alltrue([for o in var.cors_allowed_origins : can(regex("^https://[a-z0-9.-]+(:[0-9]+)?$", o))])
    error_message = "cors_allowed_origins must list https:// origins without a path (no \"*\")."
  }
}

variable "cognito_min_password_length" {
  description = "Minimum Cognito password length (guide: production-grade password policies)."
  type        = number
  default     = 12

  validation {
    condition     = var.cognito_min_password_length >= 12 && var.cognito_min_password_length <= 99
    error_message = "cognito_min_password_length must be between 12 and 99."
  }
}

variable "cognito_ses_source_arn" {
  description = "Verified SES identity Cognito sends verification and recovery e-mail from. null uses Cognito's built-in sender, which is limited to 50 e-mails a day: set this before going live."
  type        = string
  default     = null

  validation {
    condition     = var.cognito_ses_source_arn == null || can(regex("^arn:aws:ses:[a-z0-9-]+:[0-9]{12}:identity/.+$", var.cognito_ses_source_arn))
    error_message = "cognito_ses_source_arn must be an SES identity ARN or null."
  }
}

variable "cloudfront_price_class" {
  description = "CloudFront price class for the user base (guide: Cost Optimization tip 3)."
  type        = string
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.cloudfront_price_class)
    error_message = "cloudfront_price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "cdn_aliases" {
  description = "Host names served by the files distribution; the certificate must cover them."
  type        = list(string)
  default     = ["files.classboard.app"]
}

variable "cdn_certificate_arn" {
  description = "ACM certificate in us-east-1 (CloudFront's region) for the CloudFront aliases; issued outside this stack."
  type        = string
  default     = "arn:aws:acm:us-east-1:123456789012:certificate/0f8a5d3c-7b2e-4c61-9e0a-3d5b8c1f2a47"

  validation {
    condition     = can(regex("^arn:aws:acm:us-east-1:[0-9]{12}:certificate/.+$", var.cdn_certificate_arn))
    error_message = "cdn_certificate_arn must be an ACM certificate ARN in us-east-1 (CloudFront only uses certificates from there)."
  }
}

variable "job_schedules" {
  description = "EventBridge schedule of each background job (guide: Background Processing). Keys are the four jobs."
  type        = map(string)
  default = {
    "grade-calculator"    = "rate(1 hour)"        # hourly
    "report-generator"    = "cron(0 2 * * ? *)"   # daily at 02:00 UTC
    "email-notifications" = "rate(6 hours)"       # every 6 hours
    "data-cleanup"        = "cron(0 3 ? * SUN *)" # weekly on Sunday
  }

  validation {
    condition = (
      length(var.job_schedules) == 4 &&
      alltrue([for job in ["grade-calculator", "report-generator", "email-notifications", "data-cleanup"] : contains(keys(var.job_schedules), job)]) &&
      alltrue([for s in values(var.job_schedules) : can(regex("^(rate|cron)\\(.+\\)$", s))])
    )
    error_message = "job_schedules must give a rate(...) or cron(...) schedule for exactly grade-calculator, report-generator, email-notifications and data-cleanup."
  }
}

variable "lambda_runtime" {
  description = "Runtime of the Lambda functions (guide: Node.js v18+; nodejs20.x is deprecated since 2026-04-30)."
  type        = string
  default     = "nodejs22.x"

  validation {
    condition     = can(regex("^nodejs[0-9]+\\.x$", var.lambda_runtime))
    error_message = "lambda_runtime must be a Node.js Lambda runtime such as nodejs22.x."
  }
}

variable "lambda_artifact_bucket" {
  description = "Existing bucket, in primary_region, that CI uploads Lambda bundles to (not managed here). Bundles are read from jobs/<job>/<release>.zip and security/jwt-rotation/<release>.zip."
  type        = string
  default     = "classboard-production-artifacts"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.lambda_artifact_bucket))
    error_message = "lambda_artifact_bucket must be an S3 bucket name."
  }
}

variable "release" {
  description = "Release tag of the Lambda bundles to deploy; a new tag is a new S3 key, so Terraform updates the functions' code."
  type        = string
  default     = "2026.11.3"

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]+$", var.release))
    error_message = "release must be a tag of letters, digits, dots, hyphens or underscores."
  }
}

variable "mail_domain" {
  description = "SES identity (domain) the e-mail notification job sends from."
  type        = string
  default     = "classboard.app"
}

variable "alert_email" {
  description = "Address that receives alarm and budget e-mails (guide: TF_VAR_alert_email). The SNS subscription must be confirmed from that mailbox after apply."
  type        = string
  default     = "admin@classboard.app"

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alert_email))
    error_message = "alert_email must be an e-mail address."
  }
}

variable "monthly_budget_usd" {
  description = "Monthly cost budget in USD (guide: billing alerts and cost budgets; it estimates roughly $255-435 a month)."
  type        = number
  default     = 500

  validation {
    condition     = var.monthly_budget_usd > 0
    error_message = "monthly_budget_usd must be positive."
  }
}

variable "offline_plan" {
  description = "Plan without AWS: skip the credential, account-id and metadata-service checks of both providers. Only for `terraform plan` with mock credentials (CI, the plan fixture); never set it for an apply."
  type        = bool
  default     = false
  nullable    = false
}
