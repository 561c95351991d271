# ---------------------------------------------------------------------------------------------------
# Environment and placement
# ---------------------------------------------------------------------------------------------------

variable "env_name" {
  description = "Environment name (e.g. dev, prod). Part of every resource name, so it must stay short and DNS-safe."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,22}[a-z0-9]$", var.env_name))
    error_message = "env_name must be 2-24 characters of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen."
  }
}

variable "name_prefix" {
  description = "Prefix of every resource name. The S3 bucket is named <name_prefix>-<env_name>-videos and bucket names are global: pick a prefix unique to your organisation."
  type        = string
  default     = "lifestream"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,20}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 2-22 characters of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen."
  }

  validation {
    # "<name_prefix>-<env_name>-processor-execution" is the longest IAM role name; IAM allows 64.
    condition     = length(var.name_prefix) + length(var.env_name) <= 43
    error_message = "name_prefix and env_name together must be at most 43 characters (IAM role names are limited to 64)."
  }
}

variable "region" {
  description = "AWS region of the whole stack."
  type        = string
  default     = "eu-west-1"
}

variable "subnet_ids" {
  description = "Subnets the Fargate processor tasks run in (awsvpc). They need a route to ECR, S3, DynamoDB and CloudWatch Logs (NAT or VPC endpoints)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) > 0
    error_message = "subnet_ids must name at least one subnet."
  }
}

variable "security_group_ids" {
  description = "Security groups of the Fargate processor tasks (egress to AWS APIs only; no ingress is needed)."
  type        = list(string)

  validation {
    condition     = length(var.security_group_ids) > 0
    error_message = "security_group_ids must name at least one security group."
  }
}

variable "assign_public_ip" {
  description = "Give processor tasks a public IP (only for public subnets without NAT)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Extra tags on every resource."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------------------------------------------
# Artifacts
# ---------------------------------------------------------------------------------------------------

variable "processor_image_uri" {
  description = "Processor image, pinned by git-SHA tag or digest (scripts/build_and_push_processor_image.sh prints it). A :latest tag is rejected."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com/[a-z0-9._/-]+[:@]", var.processor_image_uri)) && !endswith(var.processor_image_uri, ":latest")
    error_message = "processor_image_uri must be an ECR image (<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag> or @sha256:...) and must not use the :latest tag; use the git-SHA tag or a digest."
  }
}

variable "dispatcher_zip_path" {
  description = "Path of the dispatcher Lambda zip (self-contained linux-x64 'bootstrap'), produced by ./build.sh --target=LambdaZip."
  type        = string
  default     = "../artifacts/dispatcher-lambda.zip"
}

# ---------------------------------------------------------------------------------------------------
# Dispatcher Lambda and queue
# ---------------------------------------------------------------------------------------------------

variable "lambda_timeout_seconds" {
  description = "Dispatcher Lambda timeout. One invocation handles one SQS batch (HeadObject, claim, RunTask per record)."
  type        = number
  default     = 20

  validation {
    condition     = var.lambda_timeout_seconds >= 3 && var.lambda_timeout_seconds <= 900
    error_message = "lambda_timeout_seconds must be between 3 and 900."
  }
}

variable "lambda_memory_mb" {
  description = "Dispatcher Lambda memory (also scales its CPU share)."
  type        = number
  default     = 512

  validation {
    condition     = var.lambda_memory_mb >= 128 && var.lambda_memory_mb <= 10240
    error_message = "lambda_memory_mb must be between 128 and 10240."
  }
}

variable "lambda_reserved_concurrency" {
  description = "Reserved concurrency of the dispatcher; also the event source mapping's maximum concurrency (caps parallel RunTask calls)."
  type        = number
  default     = 5

  validation {
    # The event source mapping's scaling_config.maximum_concurrency must be at least 2.
    condition     = var.lambda_reserved_concurrency >= 2 && var.lambda_reserved_concurrency <= 1000
    error_message = "lambda_reserved_concurrency must be between 2 and 1000."
  }
}

variable "queue_visibility_timeout_seconds" {
  description = "Visibility timeout of the uploads queue. AWS requires at least the Lambda timeout and recommends 6x it, so that retries of a throttled batch do not redeliver a message that is still being dispatched."
  type        = number
  default     = 120

  validation {
    condition     = var.queue_visibility_timeout_seconds >= 6 * var.lambda_timeout_seconds
    error_message = "queue_visibility_timeout_seconds must be at least 6x lambda_timeout_seconds."
  }

  validation {
    condition     = var.queue_visibility_timeout_seconds <= 43200
    error_message = "queue_visibility_timeout_seconds must be at most 43200 (12 hours, the SQS limit)."
  }
}

variable "queue_message_retention_seconds" {
  description = "How long an undelivered upload event stays in the queue."
  type        = number
  default     = 345600 # 4 days

  validation {
    condition     = var.queue_message_retention_seconds >= 60 && var.queue_message_retention_seconds <= 1209600
    error_message = "queue_message_retention_seconds must be between 60 and 1209600 (14 days)."
  }
}

variable "dlq_message_retention_seconds" {
  description = "How long a poison message stays in the dead-letter queue. Longer than the source queue's retention, so a redriven message keeps its age budget."
  type        = number
  default     = 1209600 # 14 days, the SQS maximum

  validation {
    condition     = var.dlq_message_retention_seconds >= 60 && var.dlq_message_retention_seconds <= 1209600
    error_message = "dlq_message_retention_seconds must be between 60 and 1209600 (14 days)."
  }
}

variable "dlq_max_receive_count" {
  description = "Receives before a message moves to the dead-letter queue. Above max_attempts, so that the delivery whose launch exhausts the attempts makes the job terminal itself before SQS dead-letters the message."
  type        = number
  default     = 5

  validation {
    condition     = var.dlq_max_receive_count >= 1 && var.dlq_max_receive_count <= 1000
    error_message = "dlq_max_receive_count must be between 1 and 1000."
  }

  validation {
    condition     = var.dlq_max_receive_count > var.max_attempts
    error_message = "dlq_max_receive_count must be greater than max_attempts: otherwise the last launch attempt is dead-lettered before it can mark the job failed."
  }
}

variable "sqs_batch_size" {
  description = "Messages per dispatcher invocation."
  type        = number
  default     = 10

  validation {
    condition     = var.sqs_batch_size >= 1 && var.sqs_batch_size <= 10000
    error_message = "sqs_batch_size must be between 1 and 10000."
  }
}

variable "sqs_batching_window_seconds" {
  description = "How long the event source mapping gathers messages before invoking (0 = invoke at once)."
  type        = number
  default     = 0

  validation {
    condition     = var.sqs_batching_window_seconds >= 0 && var.sqs_batching_window_seconds <= 300
    error_message = "sqs_batching_window_seconds must be between 0 and 300."
  }
}

# ---------------------------------------------------------------------------------------------------
# Claims and jobs
# ---------------------------------------------------------------------------------------------------

variable "claim_lease_seconds" {
  description = "How long a dispatched claim is held before another delivery may take it over (covers Fargate start-up until the task marks the claim running)."
  type        = number
  default     = 900

  validation {
    condition     = var.claim_lease_seconds >= 60
    error_message = "claim_lease_seconds must be at least 60."
  }
}

variable "max_attempts" {
  description = "Attempts (launches and processing runs alike) per object version before the job fails for good."
  type        = number
  default     = 3

  validation {
    condition     = var.max_attempts >= 1 && var.max_attempts <= 20
    error_message = "max_attempts must be between 1 and 20."
  }
}

variable "claim_ttl_days" {
  description = "Days after which DynamoDB may expire an idempotency record (TTL attribute)."
  type        = number
  default     = 30

  validation {
    condition     = var.claim_ttl_days >= 1
    error_message = "claim_ttl_days must be at least 1."
  }
}

variable "deletion_protection" {
  description = "Protect the DynamoDB tables from deletion (turn off only for throw-away environments)."
  type        = bool
  default     = true
}

# ---------------------------------------------------------------------------------------------------
# Processor task
# ---------------------------------------------------------------------------------------------------

variable "processor_cpu" {
  description = "Fargate task CPU units (4096 = 4 vCPU)."
  type        = number
  default     = 4096

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.processor_cpu)
    error_message = "processor_cpu must be a Fargate CPU size: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "processor_memory_mb" {
  description = "Fargate task memory in MiB (8192 = 8 GB); must be valid for processor_cpu."
  type        = number
  default     = 8192

  validation {
    # Fargate: 4 vCPU takes 8-30 GB in 1 GB steps; the smaller sizes allow down to 512 MB.
    condition     = var.processor_memory_mb >= 512 && var.processor_memory_mb <= 122880 && (var.processor_cpu != 4096 || (var.processor_memory_mb >= 8192 && var.processor_memory_mb <= 30720 && var.processor_memory_mb % 1024 == 0))
    error_message = "processor_memory_mb must be a Fargate memory size for processor_cpu (for 4096 CPU: 8192-30720 in steps of 1024)."
  }
}

variable "processor_ephemeral_storage_gib" {
  description = "Task ephemeral storage; WORK_DIR holds the downloaded video and intermediate files."
  type        = number
  default     = 50

  validation {
    condition     = var.processor_ephemeral_storage_gib >= 21 && var.processor_ephemeral_storage_gib <= 200
    error_message = "processor_ephemeral_storage_gib must be between 21 and 200."
  }
}

variable "processor_stop_timeout_seconds" {
  description = "Seconds between SIGTERM and SIGKILL when ECS stops a task; the processor finishes its bookkeeping within it."
  type        = number
  default     = 30

  validation {
    condition     = var.processor_stop_timeout_seconds >= 2 && var.processor_stop_timeout_seconds <= 120
    error_message = "processor_stop_timeout_seconds must be between 2 and 120 (the Fargate maximum)."
  }
}

variable "task_timeout_seconds" {
  description = "Deadline the processor enforces on one job (exit 124 when exceeded)."
  type        = number
  default     = 3600

  validation {
    condition     = var.task_timeout_seconds >= 60
    error_message = "task_timeout_seconds must be at least 60."
  }
}

variable "watchdog_grace_seconds" {
  description = "Seconds after task_timeout_seconds before the processor's watchdog kills its children and exits 124, even if a stage ignores cancellation. Longer than the processor's 20 s bookkeeping budget."
  type        = number
  default     = 30

  validation {
    condition     = var.watchdog_grace_seconds >= 21 && var.watchdog_grace_seconds <= 3600
    error_message = "watchdog_grace_seconds must be between 21 (beyond the 20 s bookkeeping budget) and 3600."
  }
}

# Upload limits (UploadLimits in Core). The dispatcher checks the object size at HeadObject and passes every
# limit to the task; over a limit the job ends rejected with the limit and the value, never retried.
variable "max_object_bytes" {
  description = "Largest upload accepted, in bytes (LIFESTREAM_MAX_OBJECT_BYTES): the API refuses larger declared sizes, the dispatcher larger objects."
  type        = number
  default     = 10737418240

  validation {
    condition     = var.max_object_bytes >= 1 && var.max_object_bytes <= 671088640000
    error_message = "max_object_bytes must be between 1 and 671088640000 (10000 multipart parts of 64 MiB)."
  }
}

variable "max_duration_seconds" {
  description = "Longest media accepted, as ffprobe reports it (LIFESTREAM_MAX_DURATION_SECONDS)."
  type        = number
  default     = 14400

  validation {
    condition     = var.max_duration_seconds >= 1 && var.max_duration_seconds <= 604800
    error_message = "max_duration_seconds must be between 1 and 604800."
  }
}

variable "max_streams" {
  description = "Most video + audio + subtitle streams one upload may declare (LIFESTREAM_MAX_STREAMS)."
  type        = number
  default     = 8

  validation {
    condition     = var.max_streams >= 1 && var.max_streams <= 1024
    error_message = "max_streams must be between 1 and 1024."
  }
}

variable "max_pixels" {
  description = "Largest picture (width x height) accepted (LIFESTREAM_MAX_PIXELS); the default is 8K UHD."
  type        = number
  default     = 33177600

  validation {
    condition     = var.max_pixels >= 1
    error_message = "max_pixels must be positive."
  }
}

variable "max_audio_channels" {
  description = "Most channels in the decoded audio stream (LIFESTREAM_MAX_AUDIO_CHANNELS)."
  type        = number
  default     = 8

  validation {
    condition     = var.max_audio_channels >= 1 && var.max_audio_channels <= 64
    error_message = "max_audio_channels must be between 1 and 64."
  }
}

variable "disk_headroom_percent" {
  description = "Free disk a task needs beyond download + PCM scratch + keyframes, in percent (LIFESTREAM_DISK_HEADROOM_PERCENT)."
  type        = number
  default     = 25

  validation {
    condition     = var.disk_headroom_percent >= 0 && var.disk_headroom_percent <= 1000
    error_message = "disk_headroom_percent must be between 0 and 1000."
  }
}

variable "processor_work_dir" {
  description = "Scratch directory of the processor (WORK_DIR)."
  type        = string
  default     = "/tmp"
}

variable "asr_engine" {
  description = "Speech recognizer inside the container: whisper (production default) or pocketsphinx (offline engine)."
  type        = string
  default     = "whisper"

  validation {
    condition     = contains(["whisper", "pocketsphinx"], var.asr_engine)
    error_message = "asr_engine must be whisper or pocketsphinx."
  }
}

variable "whisper_model_path" {
  description = "Path of the ggml Whisper model inside the image (Dockerfile.processor.ecs puts it here)."
  type        = string
  default     = "/opt/lifestream/models/ggml-whisper.bin"
}

variable "whisper_model_sha256" {
  description = "SHA-256 the processor verifies before loading the Whisper model; the same pin as the image's WHISPER_MODEL_SHA256 build arg. Required when asr_engine is whisper."
  type        = string
  default     = ""

  validation {
    condition     = var.whisper_model_sha256 == "" || can(regex("^[0-9a-f]{64}$", var.whisper_model_sha256))
    error_message = "whisper_model_sha256 must be 64 lowercase hex characters."
  }

  validation {
    condition     = var.asr_engine != "whisper" || var.whisper_model_sha256 != ""
    error_message = "whisper_model_sha256 is required when asr_engine is whisper."
  }
}

variable "speaker_model_path" {
  description = "Path of the ONNX speaker-embedding model inside the image; empty = MFCC embeddings."
  type        = string
  default     = ""
}

variable "vad_model_path" {
  description = "Path of the Silero VAD ONNX model inside the image."
  type        = string
  default     = "/opt/lifestream/models/silero_vad.onnx"
}

# ---------------------------------------------------------------------------------------------------
# Operations
# ---------------------------------------------------------------------------------------------------

variable "log_retention_days" {
  description = "Retention of the CloudWatch log groups."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "alarm_actions" {
  description = "SNS topic ARNs notified when the dead-letter queue holds messages."
  type        = list(string)
  default     = []
}

variable "container_insights" {
  description = "Enable CloudWatch Container Insights on the cluster (extra cost)."
  type        = bool
  default     = false
}

variable "lease_renew_seconds" {
  description = "How often the processor renews its claim lease (LEASE_RENEW_SECONDS); empty = a third of the lease."
  type        = string
  default     = ""
}

variable "streaming_intake" {
  description = "Let the pipeline read the video from a presigned URL while the download runs (LIFESTREAM_STREAMING_INTAKE)."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------------------------------------------
# Upload API (api.tf) and completion notifications (notifications.tf)
# ---------------------------------------------------------------------------------------------------

variable "api_zip_path" {
  description = "Path of the API Lambda zip (self-contained linux-x64 Lifestream.Api with its 'bootstrap' start script), produced by ./build.sh --target=ApiZip."
  type        = string
  default     = "../artifacts/api-lambda.zip"
}

variable "site_origin" {
  description = "Origin of the web app (https://host[:port], no path): the only origin CORS admits on the API and for browser uploads to the bucket."
  type        = string

  validation {
    condition     = can(regex("^https://[a-z0-9.-]+(:[0-9]{1,5})?$", var.site_origin))
    error_message = "site_origin must be an https origin without a path or trailing slash, e.g. https://app.example.com."
  }
}

variable "api_jwt_issuer" {
  description = "Issuer (iss) of the bearer JWTs, e.g. https://cognito-idp.<region>.amazonaws.com/<pool-id>. API Gateway's JWT authorizer and the app both validate against it (the app fetches the signing keys from its OpenID discovery document)."
  type        = string

  validation {
    condition     = can(regex("^https://[^\\s]+$", var.api_jwt_issuer))
    error_message = "api_jwt_issuer must be an https URL."
  }
}

variable "api_jwt_audience" {
  description = "Accepted audiences (aud, or client_id for Cognito access tokens) of the bearer JWTs."
  type        = list(string)

  validation {
    condition     = length(var.api_jwt_audience) > 0 && alltrue([for a in var.api_jwt_audience : length(a) > 0 && !strcontains(a, ",")])
    error_message = "api_jwt_audience must list at least one non-empty audience without commas."
  }
}

variable "api_lambda_adapter_layer_version" {
  description = "Version of AWS's public Lambda Web Adapter layer (LambdaAdapterLayerX86) the API function uses."
  type        = number
  default     = 26
}

variable "api_memory_mb" {
  description = "API Lambda memory (also its CPU share: cold start shrinks with more)."
  type        = number
  default     = 1024

  validation {
    condition     = var.api_memory_mb >= 128 && var.api_memory_mb <= 10240
    error_message = "api_memory_mb must be between 128 and 10240."
  }
}

variable "api_timeout_seconds" {
  description = "API Lambda timeout; API Gateway HTTP APIs give up after 30 s, so more is pointless."
  type        = number
  default     = 29

  validation {
    condition     = var.api_timeout_seconds >= 3 && var.api_timeout_seconds <= 29
    error_message = "api_timeout_seconds must be between 3 and 29 (the HTTP API integration limit is 30 s)."
  }
}

variable "api_throttling_rate_limit" {
  description = "Steady requests per second the HTTP API stage admits."
  type        = number
  default     = 50
}

variable "api_throttling_burst_limit" {
  description = "Burst of requests the HTTP API stage admits."
  type        = number
  default     = 100
}

variable "api_5xx_alarm_percent" {
  description = "Alarm when more than this percentage of API requests fail with 5xx over 5 minutes."
  type        = number
  default     = 1
}

variable "api_p99_latency_alarm_ms" {
  description = "Alarm when the API's p99 latency over 5 minutes exceeds this (cold starts included)."
  type        = number
  default     = 1500
}

# ---------------------------------------------------------------------------------------------------
# Web app (site.tf): static files in S3 behind CloudFront, the API on the same origin
# ---------------------------------------------------------------------------------------------------

variable "site_dist_path" {
  description = "The built web app (./build.sh --target=Build writes src/Lifestream.Web/dist); every file is uploaded to the site bucket."
  type        = string
  default     = "../src/Lifestream.Web/dist"
}

variable "site_certificate_arn" {
  description = "ACM certificate (in us-east-1) for the host of site_origin; empty = CloudFront's own *.cloudfront.net certificate, and site_origin must then be https://<site_domain_name output>."
  type        = string
  default     = ""

  validation {
    condition     = var.site_certificate_arn == "" || can(regex("^arn:aws[a-z-]*:acm:us-east-1:[0-9]{12}:certificate/.+$", var.site_certificate_arn))
    error_message = "site_certificate_arn must be an ACM certificate ARN in us-east-1 (CloudFront only uses certificates from there), or empty."
  }
}

variable "site_price_class" {
  description = "CloudFront price class of the web app's distribution."
  type        = string
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.site_price_class)
    error_message = "site_price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "task_events_max_receive_count" {
  description = "Receives of a task-stop or sweep message before it moves to the task-events dead-letter queue."
  type        = number
  default     = 5

  validation {
    condition     = var.task_events_max_receive_count >= 2 && var.task_events_max_receive_count <= 1000
    error_message = "task_events_max_receive_count must be between 2 and 1000."
  }
}

variable "sweep_schedule_expression" {
  description = "How often the sweeper runs (EventBridge schedule expression). Bounds how long a lost stop event or a crashed dispatcher can leave a job open beyond its lease."
  type        = string
  default     = "rate(5 minutes)"

  validation {
    condition     = can(regex("^rate\\([1-9][0-9]* (minute|minutes|hour|hours)\\)$", var.sweep_schedule_expression))
    error_message = "sweep_schedule_expression must be rate(N minute(s)|hour(s))."
  }
}
