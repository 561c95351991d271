# Names and the structured values other files jsonencode. Keeping them here as plain objects (not inline
# in jsonencode calls) lets the contract tests and the local provisioner read them from the parsed module
# (tools/hcl2json): plain "${var.x}" / "${local.y}" substitutions only, no functions, in anything the
# local provisioner resolves.
locals {
  name = "${var.name_prefix}-${var.env_name}"

  jobs_table_name        = "${local.name}-jobs"
  idempotency_table_name = "${local.name}-idempotency"
  uploads_queue_name     = "${local.name}-uploads"
  uploads_dlq_name       = "${local.name}-uploads-dlq"
  bucket_name            = "${local.name}-videos"
  artifacts_bucket_name  = "${local.name}-artifacts"
  cluster_name           = local.name
  processor_family       = "${local.name}-processor"
  dispatcher_name        = "${local.name}-dispatcher"

  processor_container_name = "processor"
  processor_log_group_name = "/ecs/${var.name_prefix}-processor-${var.env_name}"
  dispatcher_log_group     = "/aws/lambda/${local.name}-dispatcher"
  api_name                 = "${local.name}-api"
  api_log_group            = "/aws/lambda/${local.name}-api"
  api_access_log_group     = "/aws/apigateway/${local.name}-api"
  jobs_event_bus_name      = "${local.name}-jobs"
  api_port                 = 8080

  # Where the processor writes result documents (results/<job_id>/...).
  results_prefix = "results/"

  # The processor container's static environment (ProcessorEnvironmentVariables). Per-job values
  # (JOB_ID, S3_BUCKET, S3_KEY, S3_ETAG, CLAIM_ATTEMPT) are container overrides set by the dispatcher.
  # Empty values are dropped when the task definition is rendered (optional model paths).
  processor_environment = {
    JOBS_TABLE_NAME                 = local.jobs_table_name
    IDEMPOTENCY_TABLE_NAME          = local.idempotency_table_name
    WORK_DIR                        = var.processor_work_dir
    TASK_TIMEOUT_SECONDS            = var.task_timeout_seconds
    RESULTS_PREFIX                  = local.results_prefix
    LIFESTREAM_ASR_ENGINE           = var.asr_engine
    LIFESTREAM_WHISPER_MODEL        = var.whisper_model_path
    LIFESTREAM_WHISPER_MODEL_SHA256 = var.whisper_model_sha256
    LIFESTREAM_SPEAKER_MODEL        = var.speaker_model_path
    LIFESTREAM_VAD_MODEL            = var.vad_model_path
    LEASE_RENEW_SECONDS             = var.lease_renew_seconds
    LIFESTREAM_STREAMING_INTAKE     = var.streaming_intake ? "true" : "false"
    WATCHDOG_GRACE_SECONDS          = var.watchdog_grace_seconds
  }

  # The dispatcher Lambda's environment (DispatcherEnvironmentVariables), exactly.
  dispatcher_environment = {
    JOBS_TABLE_NAME        = local.jobs_table_name
    IDEMPOTENCY_TABLE_NAME = local.idempotency_table_name
    ECS_CLUSTER            = aws_ecs_cluster.main.arn
    ECS_TASK_DEFINITION    = aws_ecs_task_definition.processor.arn
    ECS_CONTAINER_NAME     = local.processor_container_name
    ECS_SUBNETS            = join(",", var.subnet_ids)
    ECS_SECURITY_GROUPS    = join(",", var.security_group_ids)
    ECS_ASSIGN_PUBLIC_IP   = var.assign_public_ip ? "ENABLED" : "DISABLED"
    CLAIM_LEASE_SECONDS    = var.claim_lease_seconds
    MAX_ATTEMPTS           = var.max_attempts
    CLAIM_TTL_DAYS         = var.claim_ttl_days
    TASK_TIMEOUT_SECONDS   = var.task_timeout_seconds
    PROCESSOR_WORK_DIR     = var.processor_work_dir
    VIDEOS_BUCKET          = local.bucket_name
  }

  # UploadLimits' variables: set on the dispatcher, which checks the object size and passes all of them to each task.
  upload_limits_environment = {
    LIFESTREAM_MAX_OBJECT_BYTES      = var.max_object_bytes
    LIFESTREAM_MAX_DURATION_SECONDS  = var.max_duration_seconds
    LIFESTREAM_MAX_STREAMS           = var.max_streams
    LIFESTREAM_MAX_PIXELS            = var.max_pixels
    LIFESTREAM_MAX_AUDIO_CHANNELS    = var.max_audio_channels
    LIFESTREAM_DISK_HEADROOM_PERCENT = var.disk_headroom_percent
  }

  uploads_redrive_policy = {
    deadLetterTargetArn = aws_sqs_queue.uploads_dlq.arn
    maxReceiveCount     = var.dlq_max_receive_count
  }

  # The API Lambda's environment (ApiSettings' variables plus the Lambda Web Adapter's), exactly.
  api_environment = {
    VIDEOS_BUCKET                 = local.bucket_name
    JOBS_TABLE_NAME               = local.jobs_table_name
    IDEMPOTENCY_TABLE_NAME        = local.idempotency_table_name
    UPLOADS_QUEUE_URL             = aws_sqs_queue.uploads.url
    LIFESTREAM_API_AUTH           = "jwt"
    LIFESTREAM_API_JWT_ISSUER     = var.api_jwt_issuer
    LIFESTREAM_API_JWT_AUDIENCE   = join(",", var.api_jwt_audience)
    LIFESTREAM_API_CORS_ORIGINS   = var.site_origin
    LIFESTREAM_API_STORAGE_ORIGIN = "https://${aws_s3_bucket.videos.bucket_regional_domain_name}"
    LIFESTREAM_MAX_OBJECT_BYTES   = var.max_object_bytes
    ASPNETCORE_URLS               = "http://127.0.0.1:${local.api_port}"
    AWS_LWA_PORT                  = local.api_port
    AWS_LWA_READINESS_CHECK_PATH  = "/healthz"
  }

  # Every route of the API (docs/api/openapi.json; a contract test keeps them equal). All need a token.
  api_routes = [
    "POST /api/v1/uploads",
    "POST /api/v1/uploads/{job_id}/complete",
    "POST /api/v1/uploads/{job_id}/confirm",
    "GET /api/v1/jobs",
    "GET /api/v1/jobs/{job_id}",
    "DELETE /api/v1/jobs/{job_id}",
    "GET /api/v1/jobs/{job_id}/summary",
    "GET /api/v1/jobs/{job_id}/documents/{name+}",
    "GET /api/v1/jobs/{job_id}/video",
  ]

  # Job statuses after which nothing more happens (JobStatusExtensions.IsTerminal).
  terminal_job_statuses = ["succeeded", "failed", "timed_out", "interrupted", "rejected"]

  task_events_queue_name = "${local.name}-task-events"
  task_events_dlq_name   = "${local.name}-task-events-dlq"

  task_events_redrive_policy = {
    deadLetterTargetArn = aws_sqs_queue.task_events_dlq.arn
    maxReceiveCount     = var.task_events_max_receive_count
  }

  # Our processor tasks only: this cluster, this task family (RunTask sets group = "family:<family>") and
  # the dispatcher as the starter; STOPPED only (PENDING/RUNNING changes need no action).
  task_stopped_event_pattern = {
    source      = ["aws.ecs"]
    detail-type = ["ECS Task State Change"]
    detail = {
      clusterArn = [aws_ecs_cluster.main.arn]
      group      = ["family:${local.processor_family}"]
      lastStatus = ["STOPPED"]
    }
  }
}
