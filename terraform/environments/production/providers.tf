# Primary region: everything the application runs on.
provider "aws" {
  region = var.primary_region

  # Refuse to run against any account but the one the ARNs below are built for. Skipped only for
  # the offline plan, where the account id cannot be looked up.
  allowed_account_ids = var.offline_plan ? null : [var.account_id]

  # A real plan or apply leaves these false. `-var offline_plan=true` (CI, the committed plan
  # fixture) plans with mock credentials and no network: no STS or metadata-service calls.
  skip_credentials_validation = var.offline_plan
  skip_requesting_account_id  = var.offline_plan
  skip_metadata_api_check     = var.offline_plan

  default_tags {
    tags = local.tags
  }
}

# Replica region: only the S3 cross-region replica (Backup & DR) lives here.
provider "aws" {
  alias  = "replica"
  region = var.replica_region

  allowed_account_ids = var.offline_plan ? null : [var.account_id]

  skip_credentials_validation = var.offline_plan
  skip_requesting_account_id  = var.offline_plan
  skip_metadata_api_check     = var.offline_plan

  default_tags {
    tags = local.tags
  }
}
