# S3 server access logging delivers as the logging service principal (ACLs are disabled).
# Only this stack's buckets (named <name_prefix>-*) may deliver logs here, under s3/ (every
# access_log_prefix in this stack starts with s3/).
data "aws_iam_policy_document" "access_log_delivery" {
  for_each = {
    primary = "${var.name_prefix}-access-logs"
    replica = "${var.name_prefix}-replica-access-logs"
  }

  statement {
    sid       = "S3ServerAccessLogDelivery"
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::${each.value}/s3/*"]

    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:aws:s3:::${var.name_prefix}-*"]
    }
  }
}

# CloudFront reads the files bucket through origin access control only. Any distribution of this
# account is allowed so the policy does not depend on the distribution's ARN (a cycle with the
# cdn module, and unknown until apply).
data "aws_iam_policy_document" "files_cloudfront_read" {
  statement {
    sid       = "CloudFrontOriginAccessControlRead"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::${local.files_bucket_name}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }

    condition {
      test     = "StringLike"
      variable = "AWS:SourceArn"
      values   = ["arn:aws:cloudfront::${var.account_id}:distribution/*"]
    }
  }
}
