# The dispatcher: SQS batch -> HeadObject -> claim -> RunTask. A custom runtime (provided.al2023) whose
# zip holds the self-contained 'bootstrap' built by ./build.sh --target=LambdaZip.
resource "aws_lambda_function" "dispatcher" {
  function_name                  = local.dispatcher_name
  role                           = aws_iam_role.dispatcher.arn
  runtime                        = "provided.al2023"
  handler                        = "bootstrap"
  architectures                  = ["x86_64"]
  s3_bucket                      = aws_s3_object.dispatcher_zip.bucket
  s3_key                         = aws_s3_object.dispatcher_zip.key
  source_code_hash               = filebase64sha256(var.dispatcher_zip_path)
  timeout                        = var.lambda_timeout_seconds
  memory_size                    = var.lambda_memory_mb
  reserved_concurrent_executions = var.lambda_reserved_concurrency

  environment {
    variables = merge(local.dispatcher_environment, local.upload_limits_environment)
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.dispatcher.name
  }

  depends_on = [aws_iam_role_policy.dispatcher]
}

resource "aws_lambda_event_source_mapping" "uploads" {
  event_source_arn                   = aws_sqs_queue.uploads.arn
  function_name                      = aws_lambda_function.dispatcher.arn
  batch_size                         = var.sqs_batch_size
  maximum_batching_window_in_seconds = var.sqs_batching_window_seconds
  # The dispatcher returns {"batchItemFailures": [...]}: only failed records are redelivered.
  function_response_types = ["ReportBatchItemFailures"]

  # Never poll faster than the reserved concurrency can take, so throttled invocations do not burn
  # receive counts and push healthy messages into the DLQ.
  scaling_config {
    maximum_concurrency = var.lambda_reserved_concurrency
  }
}
