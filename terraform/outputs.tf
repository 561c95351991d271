output "bucket_name" {
  description = "Upload videos to s3://<bucket>/uploads/; results appear under results/<job_id>/."
  value       = aws_s3_bucket.videos.bucket
}

output "uploads_queue_url" {
  description = "Queue the dispatcher consumes (S3 events and upload-confirm messages)."
  value       = aws_sqs_queue.uploads.url
}

output "uploads_dlq_url" {
  description = "Dead-letter queue of the uploads queue."
  value       = aws_sqs_queue.uploads_dlq.url
}

output "jobs_table_name" {
  value = aws_dynamodb_table.jobs.name
}

output "idempotency_table_name" {
  value = aws_dynamodb_table.idempotency.name
}

output "ecs_cluster_arn" {
  value = aws_ecs_cluster.main.arn
}

output "processor_task_definition_arn" {
  value = aws_ecs_task_definition.processor.arn
}

output "dispatcher_function_name" {
  value = aws_lambda_function.dispatcher.function_name
}

output "processor_log_group" {
  value = aws_cloudwatch_log_group.processor.name
}

output "api_endpoint" {
  description = "Base URL of the upload API (append /api/v1/...)."
  value       = aws_apigatewayv2_api.http.api_endpoint
}

output "api_function_name" {
  value = aws_lambda_function.api.function_name
}

output "jobs_event_bus_name" {
  description = "EventBridge bus receiving 'Lifestream Job Completed' events (source lifestream.jobs); add rules for your targets."
  value       = aws_cloudwatch_event_bus.jobs.name
}

output "site_url" {
  description = "The web app (and the API under /api/v1 on the same origin)."
  value       = var.site_certificate_arn == "" ? "https://${aws_cloudfront_distribution.site.domain_name}" : var.site_origin
}

output "site_domain_name" {
  description = "CloudFront's domain of the web app: point the site_origin host at it (CNAME/alias), or use it as site_origin without a certificate."
  value       = aws_cloudfront_distribution.site.domain_name
}

output "site_bucket_name" {
  value = aws_s3_bucket.site.bucket
}
