resource "aws_cloudwatch_log_group" "processor" {
  name              = local.processor_log_group_name
  retention_in_days = var.log_retention_days
}

# Created before the function so Lambda does not create it without retention.
resource "aws_cloudwatch_log_group" "dispatcher" {
  name              = local.dispatcher_log_group
  retention_in_days = var.log_retention_days
}

resource "aws_cloudwatch_log_group" "api" {
  name              = local.api_log_group
  retention_in_days = var.log_retention_days
}

resource "aws_cloudwatch_log_group" "api_access" {
  name              = local.api_access_log_group
  retention_in_days = var.log_retention_days
}
