# Cross-region replication of uploaded files (guide: Backup & Disaster Recovery).

data "aws_iam_policy_document" "replica_key" {
  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${var.account_id}:root"]
    }
  }

  # Server access logs of the replica bucket land in the SSE-KMS replica log bucket.
  statement {
    sid       = "S3ServerAccessLogDelivery"
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }
}

resource "aws_kms_key" "replica" {
  provider = aws.replica

  description             = "${var.name_prefix} S3 replica (${var.replica_region})"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.replica_key.json
}

resource "aws_kms_alias" "replica" {
  provider = aws.replica

  name          = "alias/${var.name_prefix}-replica"
  target_key_id = aws_kms_key.replica.key_id
}

module "replica_bucket" {
  source    = "../secure-bucket"
  providers = { aws = aws.replica }

  bucket_name = local.replica_bucket_name
  kms_key_arn = aws_kms_key.replica.arn
  # Replication writes STANDARD_IA already (destination.storage_class below): no transition rule.
  # Server access logs must go to a bucket in the same region.
  access_log_bucket = module.replica_access_logs_bucket.name
  access_log_prefix = "s3/${local.replica_bucket_name}/"
}

module "replica_access_logs_bucket" {
  source    = "../secure-bucket"
  providers = { aws = aws.replica }

  bucket_name                        = "${var.name_prefix}-replica-access-logs"
  kms_key_arn                        = aws_kms_key.replica.arn
  expiration_days                    = var.access_log_retention_days
  noncurrent_version_expiration_days = 1
  extra_policy_json                  = [data.aws_iam_policy_document.access_log_delivery["replica"].json]
}

data "aws_iam_policy_document" "replication_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }
}

resource "aws_iam_role" "replication" {
  name               = "${var.name_prefix}-s3-replication"
  assume_role_policy = data.aws_iam_policy_document.replication_assume.json
}

# ARNs built from names and KMS access scoped by encryption context, so the policy is known at plan.
# Both buckets use S3 Bucket Keys, whose encryption context is the bucket ARN rather than the
# object ARN, so each condition allows both.
data "aws_iam_policy_document" "replication" {
  statement {
    sid       = "ReadSourceConfiguration"
    actions   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
    resources = ["arn:aws:s3:::${local.files_bucket_name}"]
  }

  statement {
    sid = "ReadSourceObjects"
    actions = [
      "s3:GetObjectVersionForReplication",
      "s3:GetObjectVersionAcl",
      "s3:GetObjectVersionTagging",
    ]
    resources = ["arn:aws:s3:::${local.files_bucket_name}/*"]
  }

  statement {
    sid       = "WriteReplica"
    actions   = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]
    resources = ["arn:aws:s3:::${local.replica_bucket_name}/*"]
  }

  statement {
    sid       = "DecryptSource"
    actions   = ["kms:Decrypt"]
    resources = ["arn:aws:kms:${var.primary_region}:${var.account_id}:key/*"]

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:aws:s3:arn"
      values   = ["arn:aws:s3:::${local.files_bucket_name}", "arn:aws:s3:::${local.files_bucket_name}/*"]
    }
  }

  statement {
    sid       = "EncryptReplica"
    actions   = ["kms:Encrypt", "kms:GenerateDataKey"]
    resources = ["arn:aws:kms:${var.replica_region}:${var.account_id}:key/*"]

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:aws:s3:arn"
      values   = ["arn:aws:s3:::${local.replica_bucket_name}", "arn:aws:s3:::${local.replica_bucket_name}/*"]
    }
  }
}

resource "aws_iam_role_policy" "replication" {
  name   = "replicate-files-bucket"
  role   = aws_iam_role.replication.id
  policy = data.aws_iam_policy_document.replication.json
}

resource "aws_s3_bucket_replication_configuration" "files" {
  bucket = module.files_bucket.id
  role   = aws_iam_role.replication.arn

  rule {
    id     = "files-to-${var.replica_region}"
    status = "Enabled"

    filter {}

    delete_marker_replication {
      status = "Enabled"
    }

    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }

    destination {
      bucket        = module.replica_bucket.arn
      storage_class = "STANDARD_IA"

      encryption_configuration {
        replica_kms_key_id = aws_kms_key.replica.arn
      }
    }
  }

  # Replication needs versioning on both sides (the bucket modules turn it on) and a role allowed
  # to replicate before the first object is written.
  depends_on = [module.files_bucket, module.replica_bucket, aws_iam_role_policy.replication]

  lifecycle {
    precondition {
      condition     = var.replica_region != var.primary_region
      error_message = "replica_region must differ from primary_region: the replica is the cross-region copy."
    }
  }
}
