data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "jobs" {
  name               = "${var.name_prefix}-jobs"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

# ENI management for functions in the VPC.
resource "aws_iam_role_policy_attachment" "vpc_access" {
  role       = aws_iam_role.jobs.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

data "aws_iam_policy_document" "jobs" {
  statement {
    sid     = "WriteOwnLogs"
    actions = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [
      for name in values(local.function_names) :
      "arn:aws:logs:${var.region}:${var.account_id}:log-group:/aws/lambda/${name}:*"
    ]
  }

  # RDS-managed master secrets are named rds!db-<uuid>.
  statement {
    sid       = "ReadDatabaseSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["arn:aws:secretsmanager:${var.region}:${var.account_id}:secret:rds!db-*"]
  }

  # Decrypt: the environment, the database secret and report reads; GenerateDataKey: report
  # writes to the SSE-KMS files bucket.
  statement {
    sid       = "UseDataKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["arn:aws:kms:${var.region}:${var.account_id}:key/*"]

    condition {
      test     = "ForAnyValue:StringEquals"
      variable = "kms:ResourceAliases"
      values   = [var.data_kms_alias]
    }
  }

  statement {
    sid       = "WriteReports"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["arn:aws:s3:::${var.files_bucket_name}/reports/*"]
  }

  statement {
    sid       = "SendMail"
    actions   = ["ses:SendEmail", "ses:SendRawEmail"]
    resources = ["arn:aws:ses:${var.region}:${var.account_id}:identity/${var.mail_domain}"]
  }

  # Active tracing: Lambda refuses to create the functions unless the role may send traces. X-Ray
  # has no resource types, so these can only be granted on "*".
  statement {
    sid       = "SendTraces"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "jobs" {
  name        = "${var.name_prefix}-jobs"
  description = "What the ClassBoard background jobs may do"
  policy      = data.aws_iam_policy_document.jobs.json
}

resource "aws_iam_role_policy_attachment" "jobs" {
  role       = aws_iam_role.jobs.name
  policy_arn = aws_iam_policy.jobs.arn
}
