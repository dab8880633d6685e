locals {
  tags = {
    Project     = "classboard"
    Environment = "production"
    ManagedBy   = "terraform"
  }
}

module "security" {
  source = "../../modules/security"

  name_prefix            = var.name_prefix
  account_id             = var.account_id
  region                 = var.primary_region
  log_retention_days     = var.app_log_retention_days
  lambda_runtime         = var.lambda_runtime
  lambda_artifact_bucket = var.lambda_artifact_bucket
  release                = var.release
}

module "network" {
  source = "../../modules/network"

  name_prefix             = var.name_prefix
  account_id              = var.account_id
  region                  = var.primary_region
  vpc_cidr                = var.vpc_cidr
  availability_zones      = var.availability_zones
  flow_log_retention_days = var.access_log_retention_days
  logs_kms_key_arn        = module.security.logs_kms_key_arn
}

module "database" {
  source = "../../modules/database"

  name_prefix              = var.name_prefix
  instance_class           = var.db_instance_class
  engine_version           = var.db_engine_version
  allocated_storage_gb     = var.db_allocated_storage_gb
  max_allocated_storage_gb = var.db_max_allocated_storage_gb
  backup_retention_days    = var.db_backup_retention_days
  log_retention_days       = var.app_log_retention_days
  subnet_ids               = module.network.private_subnet_ids
  security_group_id        = module.network.database_security_group_id
  kms_key_arn              = module.security.data_kms_key_arn
  logs_kms_key_arn         = module.security.logs_kms_key_arn
}

module "storage" {
  source = "../../modules/storage"
  providers = {
    aws         = aws
    aws.replica = aws.replica
  }

  name_prefix               = var.name_prefix
  account_id                = var.account_id
  primary_region            = var.primary_region
  replica_region            = var.replica_region
  kms_key_arn               = module.security.data_kms_key_arn
  cors_allowed_origins      = var.cors_allowed_origins
  access_log_retention_days = var.access_log_retention_days
}

module "cdn" {
  source = "../../modules/cdn"

  name_prefix          = var.name_prefix
  origin_bucket_domain = module.storage.files_bucket_regional_domain_name
  log_bucket_domain    = module.storage.access_log_bucket_domain_name
  aliases              = var.cdn_aliases
  acm_certificate_arn  = var.cdn_certificate_arn
  price_class          = var.cloudfront_price_class
}

module "auth" {
  source = "../../modules/auth"

  name_prefix         = var.name_prefix
  min_password_length = var.cognito_min_password_length
  ses_source_arn      = var.cognito_ses_source_arn
  callback_urls       = [for origin in var.cors_allowed_origins : "${origin}/auth/callback"]
}

module "jobs" {
  source = "../../modules/jobs"

  name_prefix            = var.name_prefix
  account_id             = var.account_id
  region                 = var.primary_region
  schedules              = var.job_schedules
  log_retention_days     = var.app_log_retention_days
  logs_kms_key_arn       = module.security.logs_kms_key_arn
  data_kms_key_arn       = module.security.data_kms_key_arn
  data_kms_alias         = module.security.data_kms_alias_name
  lambda_runtime         = var.lambda_runtime
  lambda_artifact_bucket = var.lambda_artifact_bucket
  release                = var.release
  mail_domain            = var.mail_domain
  subnet_ids             = module.network.private_subnet_ids
  security_group_id      = module.network.app_security_group_id
  db_address             = module.database.address
  db_secret_arn          = module.database.master_user_secret_arn
  files_bucket_name      = module.storage.files_bucket_name
}

module "monitoring" {
  source = "../../modules/monitoring"

  name_prefix               = var.name_prefix
  region                    = var.primary_region
  alert_email               = var.alert_email
  sns_kms_key_id            = module.security.data_kms_key_id
  db_instance_identifier    = module.database.identifier
  lambda_function_names     = module.jobs.function_names
  app_log_retention_days    = var.app_log_retention_days
  access_log_retention_days = var.access_log_retention_days
  logs_kms_key_arn          = module.security.logs_kms_key_arn
  monthly_budget_usd        = var.monthly_budget_usd
}

module "backup" {
  source = "../../modules/backup"

  name_prefix              = var.name_prefix
  kms_key_arn              = module.security.data_kms_key_arn
  daily_schedule           = var.backup_daily_schedule
  weekly_schedule          = var.backup_weekly_schedule
  delete_after_days        = var.backup_delete_after_days
  weekly_delete_after_days = var.weekly_backup_delete_after_days
  restore_test_schedule    = var.restore_test_schedule
  db_instance_arn          = module.database.arn
}

module "audit" {
  source = "../../modules/audit"

  name_prefix            = var.name_prefix
  account_id             = var.account_id
  region                 = var.primary_region
  kms_key_arn            = module.security.audit_kms_key_arn
  retention_days         = var.audit_log_retention_days
  access_log_bucket_name = module.storage.access_log_bucket_name
}
