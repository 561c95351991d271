# Any message in the DLQ is a video that was never processed: alarm on the first one.
resource "aws_cloudwatch_metric_alarm" "uploads_dlq_not_empty" {
  alarm_name          = "${local.name}-uploads-dlq-not-empty"
  alarm_description   = "Upload events reached the dead-letter queue ${local.uploads_dlq_name}; inspect and redrive them."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  dimensions = {
    QueueName = aws_sqs_queue.uploads_dlq.name
  }
}

# Dispatcher errors other than per-record failures (crashes, timeouts) are worth a look too.
resource "aws_cloudwatch_metric_alarm" "dispatcher_errors" {
  alarm_name          = "${local.name}-dispatcher-errors"
  alarm_description   = "The dispatcher Lambda ${local.dispatcher_name} failed whole invocations."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  dimensions = {
    FunctionName = aws_lambda_function.dispatcher.function_name
  }
}
