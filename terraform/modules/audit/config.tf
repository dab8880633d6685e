# AWS Config records every change (guide: Change Log).

data "aws_iam_policy_document" "config_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["config.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }
}

resource "aws_iam_role" "config" {
  name               = "${var.name_prefix}-config"
  assume_role_policy = data.aws_iam_policy_document.config_assume.json
}

resource "aws_iam_role_policy_attachment" "config" {
  role       = aws_iam_role.config.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole"
}

# With its own IAM role (not the service-linked one) AWS Config delivers to S3 as that role, and
# AWS_ConfigRole grants no S3 or KMS access: without this the delivery channel is rejected.
# The audit bucket uses S3 Bucket Keys, whose encryption context is the bucket ARN.
data "aws_iam_policy_document" "config_delivery" {
  statement {
    sid       = "CheckBucket"
    actions   = ["s3:GetBucketAcl", "s3:ListBucket"]
    resources = [local.audit_bucket_arn]
  }

  statement {
    sid       = "DeliverHistoryAndSnapshots"
    actions   = ["s3:PutObject"]
    resources = ["${local.audit_bucket_arn}/config/AWSLogs/${var.account_id}/Config/*"]
  }

  statement {
    sid       = "EncryptWithAuditKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["arn:aws:kms:${var.region}:${var.account_id}:key/*"]

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:aws:s3:arn"
      values   = [local.audit_bucket_arn, "${local.audit_bucket_arn}/*"]
    }
  }
}

resource "aws_iam_role_policy" "config_delivery" {
  name   = "deliver-to-audit-bucket"
  role   = aws_iam_role.config.id
  policy = data.aws_iam_policy_document.config_delivery.json
}

resource "aws_config_configuration_recorder" "main" {
  name     = var.name_prefix
  role_arn = aws_iam_role.config.arn

  recording_group {
    all_supported                 = true
    include_global_resource_types = true
  }
}

resource "aws_config_delivery_channel" "main" {
  name           = var.name_prefix
  s3_bucket_name = module.audit_bucket.name
  s3_key_prefix  = "config"
  s3_kms_key_arn = var.kms_key_arn

  snapshot_delivery_properties {
    delivery_frequency = "TwentyFour_Hours"
  }

  depends_on = [aws_config_configuration_recorder.main, module.audit_bucket, aws_iam_role_policy.config_delivery]
}

resource "aws_config_configuration_recorder_status" "main" {
  name       = aws_config_configuration_recorder.main.name
  is_enabled = true

  depends_on = [aws_config_delivery_channel.main]
}
