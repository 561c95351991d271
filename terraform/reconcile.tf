# Recovery: ECS task stops and a periodic sweep reach the dispatcher through their own queue.
#
# Why a queue (and the same Lambda) rather than EventBridge invoking the function directly: the dispatcher's
# handler already speaks SQS (partial batch failures, redelivery, a DLQ with an alarm), a stop event that cannot
# be handled now (DynamoDB throttled, deadline) is redelivered instead of being retried blindly by EventBridge,
# and the uploads queue keeps its S3-only policy and its own redrive count. The body tells the dispatcher which
# handler runs (DispatcherRouter): ECS task state change, scheduled event, or upload.

resource "aws_sqs_queue" "task_events_dlq" {
  name                      = local.task_events_dlq_name
  message_retention_seconds = var.dlq_message_retention_seconds
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "task_events" {
  name                       = local.task_events_queue_name
  visibility_timeout_seconds = var.queue_visibility_timeout_seconds
  message_retention_seconds  = var.queue_message_retention_seconds
  receive_wait_time_seconds  = 20
  sqs_managed_sse_enabled    = true
  redrive_policy             = jsonencode(local.task_events_redrive_policy)
}

resource "aws_sqs_queue_redrive_allow_policy" "task_events_dlq" {
  queue_url = aws_sqs_queue.task_events_dlq.id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.task_events.arn]
  })
}

# STOPPED tasks of our family on our cluster.
resource "aws_cloudwatch_event_rule" "task_stopped" {
  name          = "${local.name}-task-stopped"
  description   = "Processor tasks that stopped, for the dispatcher's reconciler."
  event_pattern = jsonencode(local.task_stopped_event_pattern)
}

resource "aws_cloudwatch_event_target" "task_stopped" {
  rule      = aws_cloudwatch_event_rule.task_stopped.name
  target_id = "dispatcher-task-events"
  arn       = aws_sqs_queue.task_events.arn

  retry_policy {
    maximum_event_age_in_seconds = 86400
    maximum_retry_attempts       = 185
  }
}

# The sweeper: EventBridge delivers its documented "Scheduled Event" envelope to the same queue.
resource "aws_cloudwatch_event_rule" "sweep" {
  name                = "${local.name}-sweep"
  description         = "Periodic sweep for expired claims and idle open jobs."
  schedule_expression = var.sweep_schedule_expression
}

resource "aws_cloudwatch_event_target" "sweep" {
  rule      = aws_cloudwatch_event_rule.sweep.name
  target_id = "dispatcher-sweep"
  arn       = aws_sqs_queue.task_events.arn
}

data "aws_iam_policy_document" "task_events_queue" {
  statement {
    sid     = "AllowRecoveryRules"
    effect  = "Allow"
    actions = ["sqs:SendMessage"]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    resources = [aws_sqs_queue.task_events.arn]

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.task_stopped.arn, aws_cloudwatch_event_rule.sweep.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "task_events" {
  queue_url = aws_sqs_queue.task_events.id
  policy    = data.aws_iam_policy_document.task_events_queue.json
}

resource "aws_lambda_event_source_mapping" "task_events" {
  event_source_arn                   = aws_sqs_queue.task_events.arn
  function_name                      = aws_lambda_function.dispatcher.arn
  batch_size                         = var.sqs_batch_size
  maximum_batching_window_in_seconds = var.sqs_batching_window_seconds
  function_response_types            = ["ReportBatchItemFailures"]

  # Stops and sweeps are few; the minimum keeps them from taking the uploads' share of the reserved
  # concurrency. A throttled delivery is redelivered (task_events_max_receive_count), and the sweeper covers
  # whatever reaches the DLQ.
  scaling_config {
    maximum_concurrency = 2
  }
}

# A stop or sweep message that keeps failing: the job behind it may stay open until the next sweep.
resource "aws_cloudwatch_metric_alarm" "task_events_dlq_not_empty" {
  alarm_name          = "${local.name}-task-events-dlq-not-empty"
  alarm_description   = "Task-stop or sweep messages reached ${local.task_events_dlq_name}; the sweeper still covers their jobs, but find out why."
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
    QueueName = aws_sqs_queue.task_events_dlq.name
  }
}
