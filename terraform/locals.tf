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
    UPLOADS_BUCKET         = local.bucket_name
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
}
