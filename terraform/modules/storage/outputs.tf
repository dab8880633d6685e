output "files_bucket_name" {
  description = "Name of the files bucket."
  value       = module.files_bucket.name
}

output "files_bucket_arn" {
  description = "ARN of the files bucket."
  value       = module.files_bucket.arn
}

output "files_bucket_regional_domain_name" {
  description = "Regional domain name of the files bucket (CloudFront origin)."
  value       = module.files_bucket.bucket_regional_domain_name
}

output "access_log_bucket_name" {
  description = "Name of the primary-region access log bucket."
  value       = module.access_logs_bucket.name
}

output "access_log_bucket_domain_name" {
  description = "Domain name of the access log bucket (CloudFront logging)."
  value       = module.access_logs_bucket.bucket_domain_name
}

output "replica_bucket_arn" {
  description = "ARN of the cross-region replica of the files bucket."
  value       = module.replica_bucket.arn
}
