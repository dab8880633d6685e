output "data_kms_key_arn" {
  description = "ARN of the application data key."
  value       = aws_kms_key.data.arn
}

output "data_kms_key_id" {
  description = "Key id of the application data key."
  value       = aws_kms_key.data.key_id
}

output "data_kms_alias_name" {
  description = "Alias of the application data key, for IAM conditions."
  value       = aws_kms_alias.data.name
}

output "logs_kms_key_arn" {
  description = "ARN of the CloudWatch Logs key."
  value       = aws_kms_key.logs.arn
}

output "logs_kms_alias_name" {
  description = "Alias of the CloudWatch Logs key."
  value       = aws_kms_alias.logs.name
}

output "audit_kms_key_arn" {
  description = "ARN of the CloudTrail / Config key."
  value       = aws_kms_key.audit.arn
}

output "jwt_secret_arn" {
  description = "ARN of the JWT signing key secret."
  value       = aws_secretsmanager_secret.jwt_signing_key.arn
}

output "jwt_rotation_function_arn" {
  description = "ARN of the function that rotates the JWT signing key."
  value       = aws_lambda_function.jwt_rotation.arn
}
