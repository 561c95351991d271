# Every role holds exactly what its code calls. No wildcard actions; the only "*" resource is
# ecr:GetAuthorizationToken, which AWS does not allow to be scoped. What cannot be narrowed further, and why,
# is in docs/security.md ("Least privilege").

locals {
  uploads_prefix = "uploads/"

  # The image must come from ECR; its account, region and repository scope the pull permissions.
  processor_image_parts = regex("^(?P<account>[0-9]{12})\\.dkr\\.ecr\\.(?P<region>[a-z0-9-]+)\\.amazonaws\\.com/(?P<repository>[a-z0-9._/-]+)[:@]", var.processor_image_uri)
  processor_repository_arn = format(
    "arn:%s:ecr:%s:%s:repository/%s",
    data.aws_partition.current.partition,
    local.processor_image_parts.region,
    local.processor_image_parts.account,
    local.processor_image_parts.repository,
  )
}

# ---------------------------------------------------------------------------------------------------
# Processor task execution role: used by the ECS agent to pull the image and ship logs.
# ---------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "processor_execution" {
  name               = "${local.name}-processor-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "processor_execution" {
  statement {
    sid       = "EcrAuthToken"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid       = "EcrPullProcessorImage"
    actions   = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]
    resources = [local.processor_repository_arn]
  }

  statement {
    sid       = "WriteProcessorLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.processor.arn}:*"]
  }
}

resource "aws_iam_role_policy" "processor_execution" {
  name   = "pull-image-and-write-logs"
  role   = aws_iam_role.processor_execution.id
  policy = data.aws_iam_policy_document.processor_execution.json
}

# ---------------------------------------------------------------------------------------------------
# Processor task role: what the processor code calls.
# ---------------------------------------------------------------------------------------------------

resource "aws_iam_role" "processor_task" {
  name               = "${local.name}-processor-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "processor_task" {
  statement {
    sid       = "ReadUploads"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.videos.arn}/uploads/*"]
  }

  statement {
    sid       = "WriteResults"
    actions   = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
    resources = ["${aws_s3_bucket.videos.arn}/${local.results_prefix}*"]
  }

  # Without ListBucket, S3 answers 403 instead of 404 for a missing object; the processor must tell
  # "object missing" (permanent) from "access denied" (configuration).
  statement {
    sid       = "DistinguishMissingObjects"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.videos.arn]
  }

  # Claims: the processor reads its claim and replaces it (running, lease renewals, processed/failed) with
  # conditional PutItem calls; only claims of uploads exist, so the partition key must start with "uploads/".
  statement {
    sid       = "OwnClaimBookkeeping"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem"]
    resources = [aws_dynamodb_table.idempotency.arn]

    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = ["${local.uploads_prefix}*"]
    }

    condition {
      test     = "StringEqualsIfExists"
      variable = "dynamodb:ReturnValues"
      values   = ["NONE"]
    }
  }

  # Jobs: the processor reads its job (consistent GetItem) and moves it through JobTransitions with a compare-and-swap
  # UpdateItem on the job's version; it can never create, delete, query or scan jobs. The store writes the whole
  # record on each transition, so dynamodb:Attributes cannot narrow the write (JobTransitions and the version
  # condition keep a job's identity); job ids carry no prefix the policy could pin (one role serves every task).
  statement {
    sid       = "OwnJobProgress"
    actions   = ["dynamodb:GetItem", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.jobs.arn]
  }
}

resource "aws_iam_role_policy" "processor_task" {
  name   = "process-videos"
  role   = aws_iam_role.processor_task.id
  policy = data.aws_iam_policy_document.processor_task.json
}

# ---------------------------------------------------------------------------------------------------
# Dispatcher Lambda role.
# ---------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "dispatcher" {
  name               = "${local.name}-dispatcher"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

data "aws_iam_policy_document" "dispatcher" {
  statement {
    sid       = "ConsumeUploadAndTaskEventQueues"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
    resources = [aws_sqs_queue.uploads.arn, aws_sqs_queue.task_events.arn]
  }

  # HeadObject is authorised by s3:GetObject.
  statement {
    sid       = "HeadUploads"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.videos.arn}/uploads/*"]
  }

  # A deleted upload must read as 404 (job rejected), not 403.
  statement {
    sid       = "DistinguishMissingObjects"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.videos.arn]
  }

  # Claims are taken and released with conditional PutItem calls on "<uploads key>|<etag>".
  statement {
    sid       = "Claims"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem"]
    resources = [aws_dynamodb_table.idempotency.arn]

    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = ["${local.uploads_prefix}*"]
    }

    condition {
      test     = "StringEqualsIfExists"
      variable = "dynamodb:ReturnValues"
      values   = ["NONE"]
    }
  }

  # The dispatcher creates jobs (PutItem), reads a confirm message's job and records launches (UpdateItem).
  statement {
    sid       = "Jobs"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.jobs.arn]
  }

  # Jobs of a key, idle open jobs and expired claim leases are found through GSIs only (the sweeper reads the
  # sparse recovery indexes): no Query on the tables themselves, never a Scan.
  statement {
    sid     = "QueryJobAndRecoveryIndexes"
    actions = ["dynamodb:Query"]
    resources = [
      "${aws_dynamodb_table.jobs.arn}/index/s3_key-index",
      "${aws_dynamodb_table.jobs.arn}/index/open-jobs-index",
      "${aws_dynamodb_table.idempotency.arn}/index/lease-expiry-index",
    ]
  }

  statement {
    sid     = "LaunchProcessorTask"
    actions = ["ecs:RunTask"]
    # Every revision of the processor family: during an apply the Lambda may still run with the
    # previous revision in its environment for a moment.
    resources = ["${aws_ecs_task_definition.processor.arn_without_revision}:*"]

    condition {
      test     = "ArnEquals"
      variable = "ecs:cluster"
      values   = [aws_ecs_cluster.main.arn]
    }
  }

  statement {
    sid       = "PassProcessorRoles"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.processor_task.arn, aws_iam_role.processor_execution.arn]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com"]
    }
  }

  statement {
    sid       = "WriteDispatcherLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.dispatcher.arn}:*"]
  }
}

resource "aws_iam_role_policy" "dispatcher" {
  name   = "dispatch-uploads"
  role   = aws_iam_role.dispatcher.id
  policy = data.aws_iam_policy_document.dispatcher.json
}

# ---------------------------------------------------------------------------------------------------
# Upload API Lambda role. Presigned URLs are signed with these credentials, so the role holds what the
# caller's PUT/GET will do (PutObject on uploads/, GetObject on uploads/ and results/).
# ---------------------------------------------------------------------------------------------------

resource "aws_iam_role" "api" {
  name               = "${local.name}-api"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

data "aws_iam_policy_document" "api" {
  statement {
    sid = "UploadsReadWriteDelete"
    actions = [
      "s3:PutObject",
      "s3:GetObject",
      "s3:DeleteObject",
      "s3:AbortMultipartUpload",
    ]
    resources = ["${aws_s3_bucket.videos.arn}/uploads/*"]
  }

  statement {
    sid       = "ResultsReadDelete"
    actions   = ["s3:GetObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.videos.arn}/${local.results_prefix}*"]
  }

  # Deleting a job lists its prefixes; a missing object must read as 404 (upload-missing), not 403.
  # No s3:prefix condition: HeadObject's 404 decision evaluates ListBucket without a prefix.
  statement {
    sid       = "ListJobPrefixes"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.videos.arn]
  }

  # Jobs are read, created (conditional PutItem), adopted (UpdateItem) and deleted by id; nothing is returned
  # but the new values of the adopting update.
  statement {
    sid       = "Jobs"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
    resources = [aws_dynamodb_table.jobs.arn]
  }

  # A caller's jobs are listed through the owner index only: no Query on the table, never a Scan.
  statement {
    sid       = "ListOwnJobs"
    actions   = ["dynamodb:Query"]
    resources = ["${aws_dynamodb_table.jobs.arn}/index/owner-index"]
  }

  # Deleting a job removes the claims of its upload, whose keys start with the upload's key.
  statement {
    sid       = "DeleteClaims"
    actions   = ["dynamodb:DeleteItem"]
    resources = [aws_dynamodb_table.idempotency.arn]

    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = ["${local.uploads_prefix}*"]
    }

    condition {
      test     = "StringEqualsIfExists"
      variable = "dynamodb:ReturnValues"
      values   = ["NONE"]
    }
  }

  statement {
    sid       = "SendConfirmMessages"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.uploads.arn]
  }

  statement {
    sid       = "WriteApiLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.api.arn}:*"]
  }
}

resource "aws_iam_role_policy" "api" {
  name   = "upload-api"
  role   = aws_iam_role.api.id
  policy = data.aws_iam_policy_document.api.json
}

# ---------------------------------------------------------------------------------------------------
# Completion notifications pipe: read the jobs stream, put events on the jobs bus.
# ---------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "pipes_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["pipes.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "notifications_pipe" {
  name               = "${local.name}-job-events"
  assume_role_policy = data.aws_iam_policy_document.pipes_assume.json
}

data "aws_iam_policy_document" "notifications_pipe" {
  statement {
    sid       = "ReadJobsStream"
    actions   = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"]
    resources = [aws_dynamodb_table.jobs.stream_arn]
  }

  statement {
    sid       = "PutJobEvents"
    actions   = ["events:PutEvents"]
    resources = [aws_cloudwatch_event_bus.jobs.arn]
  }
}

resource "aws_iam_role_policy" "notifications_pipe" {
  name   = "job-events"
  role   = aws_iam_role.notifications_pipe.id
  policy = data.aws_iam_policy_document.notifications_pipe.json
}
