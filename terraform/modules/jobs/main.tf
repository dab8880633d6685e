locals {
  # Every job the guide lists; its schedule comes from var.schedules.
  jobs = {
    "grade-calculator" = {
      description = "Recalculates course grades"
      timeout     = 300
      memory_size = 512
    }
    "report-generator" = {
      description = "Builds the nightly reports"
      timeout     = 900
      memory_size = 1024
    }
    "email-notifications" = {
      description = "Sends queued e-mail notifications"
      timeout     = 300
      memory_size = 256
    }
    "data-cleanup" = {
      description = "Purges expired data"
      timeout     = 900
      memory_size = 512
    }
  }

  function_names = { for job in keys(local.jobs) : job => "${var.name_prefix}-${job}" }
}

resource "aws_cloudwatch_log_group" "job" {
  for_each = local.jobs

  name              = "/aws/lambda/${local.function_names[each.key]}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.logs_kms_key_arn
}

resource "aws_lambda_function" "job" {
  for_each = local.jobs

  function_name = local.function_names[each.key]
  description   = each.value.description
  role          = aws_iam_role.jobs.arn
  runtime       = var.lambda_runtime
  handler       = "index.handler"
  s3_bucket     = var.lambda_artifact_bucket
  s3_key        = "jobs/${each.key}/${var.release}.zip"
  timeout       = each.value.timeout
  memory_size   = each.value.memory_size
  kms_key_arn   = var.data_kms_key_arn

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = [var.security_group_id]
  }

  environment {
    variables = {
      DB_HOST       = var.db_address
      DB_SECRET_ARN = var.db_secret_arn
      FILES_BUCKET  = var.files_bucket_name
    }
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.job[each.key].name
  }

  tracing_config {
    mode = "Active"
  }

  # Lambda checks the role when it creates a function in a VPC (ENI permissions) with active
  # tracing (X-Ray permissions): attach the policies first.
  depends_on = [aws_iam_role_policy_attachment.vpc_access, aws_iam_role_policy_attachment.jobs]
}

resource "aws_cloudwatch_event_rule" "schedule" {
  for_each = var.schedules

  name                = "${var.name_prefix}-${each.key}"
  description         = "Runs ${local.function_names[each.key]}"
  schedule_expression = each.value
}

resource "aws_cloudwatch_event_target" "job" {
  for_each = var.schedules

  rule      = aws_cloudwatch_event_rule.schedule[each.key].name
  target_id = each.key
  arn       = aws_lambda_function.job[each.key].arn
}

resource "aws_lambda_permission" "events" {
  for_each = var.schedules

  statement_id  = "AllowEventBridgeSchedule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.job[each.key].function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.schedule[each.key].arn
}
