variable "name_prefix" {
  description = "Prefix for resource names."
  type        = string
}

variable "account_id" {
  description = "Account id, for IAM resource ARNs."
  type        = string
}

variable "region" {
  description = "Region of the functions."
  type        = string
}

variable "schedules" {
  description = "Job name => EventBridge schedule expression; the names are the four jobs of local.jobs."
  type        = map(string)

  validation {
    condition     = alltrue([for job in keys(var.schedules) : contains(["grade-calculator", "report-generator", "email-notifications", "data-cleanup"], job)])
    error_message = "schedules may only name grade-calculator, report-generator, email-notifications and data-cleanup."
  }
}

variable "log_retention_days" {
  description = "Retention of the functions' log groups."
  type        = number
}

variable "logs_kms_key_arn" {
  description = "KMS key for the log groups."
  type        = string
}

variable "data_kms_key_arn" {
  description = "KMS key for function environment variables."
  type        = string
}

variable "data_kms_alias" {
  description = "Alias of the data key, for IAM conditions."
  type        = string
}

variable "lambda_runtime" {
  description = "Runtime of the job functions."
  type        = string
}

variable "lambda_artifact_bucket" {
  description = "Existing bucket holding the Lambda bundles (jobs/<job>/<release>.zip); it must be in the functions' region."
  type        = string
}

variable "release" {
  description = "Release tag of the bundles."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets the functions run in."
  type        = list(string)
}

variable "security_group_id" {
  description = "Security group of the functions."
  type        = string
}

variable "db_address" {
  description = "Database host name."
  type        = string
}

variable "db_secret_arn" {
  description = "Secret holding the database master credentials."
  type        = string
}

variable "files_bucket_name" {
  description = "Bucket the report generator writes exports to."
  type        = string
}

variable "mail_domain" {
  description = "SES identity the e-mail notification job sends from."
  type        = string
}
