output "vpc_id" {
  description = "Application VPC."
  value       = module.network.vpc_id
}

output "db_endpoint" {
  description = "PostgreSQL endpoint for the application."
  value       = module.database.endpoint
}

output "files_bucket_name" {
  description = "Bucket holding uploaded files."
  value       = module.storage.files_bucket_name
}

output "cdn_domain_name" {
  description = "CloudFront domain serving the files bucket."
  value       = module.cdn.domain_name
}

output "cognito_user_pool_id" {
  description = "User pool the API authenticates against."
  value       = module.auth.user_pool_id
}

output "alerts_topic_arn" {
  description = "SNS topic alarms publish to."
  value       = module.monitoring.alerts_topic_arn
}

output "db_master_user_secret_arn" {
  description = "Secrets Manager secret RDS keeps the master password in (rotated by RDS)."
  value       = module.database.master_user_secret_arn
}

output "cognito_web_client_id" {
  description = "App client of the web app."
  value       = module.auth.web_client_id
}

output "jwt_secret_arn" {
  description = "Secret holding the API's JWT signing key."
  value       = module.security.jwt_secret_arn
}

output "job_function_arns" {
  description = "Background job name => Lambda function ARN."
  value       = module.jobs.function_arns
}

output "replica_bucket_arn" {
  description = "Cross-region replica of the files bucket."
  value       = module.storage.replica_bucket_arn
}

output "backup_vault_arn" {
  description = "AWS Backup vault holding the database recovery points."
  value       = module.backup.vault_arn
}

output "audit_bucket_name" {
  description = "Bucket holding CloudTrail and AWS Config history."
  value       = module.audit.audit_bucket_name
}
