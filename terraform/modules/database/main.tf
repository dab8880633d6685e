locals {
  identifier = "${var.name_prefix}-db"
  # Parameter group family of the major version: postgres16.
  family = "postgres${split(".", var.engine_version)[0]}"
}

resource "aws_db_subnet_group" "private" {
  name        = "${var.name_prefix}-db-private"
  description = "Private subnets only: the database has no route to the internet gateway"
  subnet_ids  = var.subnet_ids
}

resource "aws_db_parameter_group" "postgres" {
  name        = "${var.name_prefix}-${local.family}"
  family      = local.family
  description = "ClassBoard PostgreSQL: TLS-only connections"

  parameter {
    name         = "rds.force_ssl"
    value        = "1"
    apply_method = "pending-reboot"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }

  # A major upgrade needs a group of the new family while the instance still uses the old one.
  lifecycle {
    create_before_destroy = true
  }
}

# Exported PostgreSQL logs; managed here so their retention is not "never expire".
resource "aws_cloudwatch_log_group" "postgresql" {
  name              = "/aws/rds/instance/${local.identifier}/postgresql"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.logs_kms_key_arn
}

resource "aws_db_instance" "main" {
  identifier     = local.identifier
  engine         = "postgres"
  engine_version = var.engine_version
  instance_class = var.instance_class

  allocated_storage     = var.allocated_storage_gb
  max_allocated_storage = var.max_allocated_storage_gb
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = var.kms_key_arn

  db_name  = "classboard"
  username = "classboard_admin"
  # RDS generates the password and keeps it in Secrets Manager (guide: Secrets Management).
  manage_master_user_password   = true
  master_user_secret_kms_key_id = var.kms_key_arn

  multi_az               = true
  db_subnet_group_name   = aws_db_subnet_group.private.name
  vpc_security_group_ids = [var.security_group_id]
  publicly_accessible    = false
  parameter_group_name   = aws_db_parameter_group.postgres.name

  backup_retention_period   = var.backup_retention_days
  backup_window             = var.backup_window
  maintenance_window        = var.maintenance_window
  copy_tags_to_snapshot     = true
  deletion_protection       = true
  skip_final_snapshot       = false
  final_snapshot_identifier = "${local.identifier}-final"

  performance_insights_enabled          = true
  performance_insights_kms_key_id       = var.kms_key_arn
  performance_insights_retention_period = 7

  iam_database_authentication_enabled = true
  enabled_cloudwatch_logs_exports     = ["postgresql"]
  auto_minor_version_upgrade          = true

  depends_on = [aws_cloudwatch_log_group.postgresql]
}
