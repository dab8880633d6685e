variable "name_prefix" {
  description = "Prefix for resource names."
  type        = string
}

variable "min_password_length" {
  description = "Minimum password length."
  type        = number

  validation {
    condition     = var.min_password_length >= 6 && var.min_password_length <= 99
    error_message = "Cognito accepts a minimum password length between 6 and 99."
  }
}

variable "callback_urls" {
  description = "OAuth callback URLs of the web app."
  type        = list(string)
}

variable "ses_source_arn" {
  description = "Verified SES identity ARN to send Cognito e-mail from; null uses Cognito's built-in sender (50 e-mails a day)."
  type        = string
  default     = null
}
