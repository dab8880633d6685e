variable "name_prefix" {
  description = "Prefix for resource names."
  type        = string
}

variable "account_id" {
  description = "Account id, for key policies and ARNs."
  type        = string
}

variable "region" {
  description = "Region of the keys and the secret."
  type        = string
}

variable "log_retention_days" {
  description = "Retention of the rotation function's log group."
  type        = number
}

variable "lambda_artifact_bucket" {
  description = "Existing bucket holding the Lambda bundles (security/jwt-rotation/<release>.zip); it must be in the function's region."
  type        = string
}

variable "release" {
  description = "Release tag of the rotation function bundle."
  type        = string
}

variable "lambda_runtime" {
  description = "Runtime of the rotation function."
  type        = string
}

variable "jwt_rotation_days" {
  description = "Days between rotations of the JWT signing key."
  type        = number
  default     = 30

  validation {
    condition     = var.jwt_rotation_days >= 1 && var.jwt_rotation_days <= 1000
    error_message = "jwt_rotation_days must be between 1 and 1000 (the Secrets Manager limit)."
  }
}
