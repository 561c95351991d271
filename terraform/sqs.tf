# Poison messages land here after dlq_max_receive_count receives; alarms.tf watches its depth.
resource "aws_sqs_queue" "uploads_dlq" {
  name                      = local.uploads_dlq_name
  message_retention_seconds = var.dlq_message_retention_seconds
  sqs_managed_sse_enabled   = true
}

# S3 "object created" events for uploads/*.mp4|.mov and upload-confirm messages.
resource "aws_sqs_queue" "uploads" {
  name                       = local.uploads_queue_name
  visibility_timeout_seconds = var.queue_visibility_timeout_seconds
  message_retention_seconds  = var.queue_message_retention_seconds
  receive_wait_time_seconds  = 20
  # SSE-SQS (not a KMS key): S3 event notifications can deliver into it without a key policy.
  sqs_managed_sse_enabled = true
  redrive_policy          = jsonencode(local.uploads_redrive_policy)
}

# Only the uploads queue may use the DLQ.
resource "aws_sqs_queue_redrive_allow_policy" "uploads_dlq" {
  queue_url = aws_sqs_queue.uploads_dlq.id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.uploads.arn]
  })
}

# Admits S3 event notifications from our bucket only (and only from our account).
data "aws_iam_policy_document" "uploads_queue" {
  statement {
    sid     = "AllowUploadsBucketNotifications"
    effect  = "Allow"
    actions = ["sqs:SendMessage"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }

    resources = [aws_sqs_queue.uploads.arn]

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_s3_bucket.videos.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    resources = [aws_sqs_queue.uploads.arn]

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sqs_queue_policy" "uploads" {
  queue_url = aws_sqs_queue.uploads.id
  policy    = data.aws_iam_policy_document.uploads_queue.json
}
