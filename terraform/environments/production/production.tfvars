# ClassBoard production. Every number the production deployment guide states is set here with the
# guide's value (the variables' defaults are the same); the rest are this environment's choices.
#
#   terraform -chdir=terraform/environments/production plan -var-file=production.tfvars -out=production.tfplan
#
# Before the first apply, replace account_id and cdn_certificate_arn with the production account's
# values: the providers refuse to run in any account but account_id.

name_prefix = "classboard-production"
account_id  = "123456789012"

# Data Residency; Cross-Region Replication to us-west-2.
primary_region = "us-east-1"
replica_region = "us-west-2"

# Network Security: isolated VPC, private subnets in two AZs, one NAT gateway.
vpc_cidr           = "10.20.0.0/16"
availability_zones = ["us-east-1a", "us-east-1b"]

# Database (RDS PostgreSQL): db.r5.large, 100GB auto-scaling to 1TB, 30-day backups.
db_instance_class           = "db.r5.large"
db_engine_version           = "16"
db_allocated_storage_gb     = 100
db_max_allocated_storage_gb = 1000
db_backup_retention_days    = 30

# Data Retention: application logs 30 days, access logs 90 days, database backups 30 days.
app_log_retention_days    = 30
access_log_retention_days = 90
audit_log_retention_days  = 365

# Backup & Disaster Recovery: daily and weekly AWS Backup rules; monthly restore testing.
backup_delete_after_days        = 30
weekly_backup_delete_after_days = 90
backup_daily_schedule           = "cron(0 5 * * ? *)"
backup_weekly_schedule          = "cron(0 5 ? * SUN *)"
restore_test_schedule           = "cron(0 6 1 * ? *)"

# File Storage: CORS for the production domain; CloudFront price class for the user base.
cors_allowed_origins   = ["https://classboard.app"]
cloudfront_price_class = "PriceClass_100"
cdn_aliases            = ["files.classboard.app"]
cdn_certificate_arn    = "arn:aws:acm:us-east-1:123456789012:certificate/0f8a5d3c-7b2e-4c61-9e0a-3d5b8c1f2a47"

# Authentication: production-grade password policy.
cognito_min_password_length = 12
# Cognito's built-in sender is limited to 50 e-mails a day; send from the verified SES domain:
# cognito_ses_source_arn = "arn:aws:ses:us-east-1:123456789012:identity/classboard.app"

# Background Processing: grade calculator hourly, report generator daily at 2 AM (UTC), e-mail
# notifications every 6 hours, data cleanup weekly on Sundays.
job_schedules = {
  "grade-calculator"    = "rate(1 hour)"
  "report-generator"    = "cron(0 2 * * ? *)"
  "email-notifications" = "rate(6 hours)"
  "data-cleanup"        = "cron(0 3 ? * SUN *)"
}
lambda_runtime         = "nodejs22.x"
lambda_artifact_bucket = "classboard-production-artifacts"
release                = "2026.11.3"
mail_domain            = "classboard.app"

# Monitoring & Alerting: e-mail alerts (TF_VAR_alert_email); billing alerts and a cost budget.
alert_email        = "admin@classboard.app"
monthly_budget_usd = 500
