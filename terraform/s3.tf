# Videos go in under uploads/, results come out under results/<job_id>/.
resource "aws_s3_bucket" "videos" {
  bucket = local.bucket_name
}

resource "aws_s3_bucket_ownership_controls" "videos" {
  bucket = aws_s3_bucket.videos.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "videos" {
  bucket                  = aws_s3_bucket.videos.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# SSE-S3: encryption at rest without a KMS key the task and Lambda roles would need grants on.
resource "aws_s3_bucket_server_side_encryption_configuration" "videos" {
  bucket = aws_s3_bucket.videos.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "videos" {
  bucket = aws_s3_bucket.videos.id

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

data "aws_iam_policy_document" "videos_bucket" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    resources = [aws_s3_bucket.videos.arn, "${aws_s3_bucket.videos.arn}/*"]

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "videos" {
  bucket = aws_s3_bucket.videos.id
  policy = data.aws_iam_policy_document.videos_bucket.json

  depends_on = [aws_s3_bucket_public_access_block.videos]
}

# S3 filters are case-sensitive; the upper-case suffixes catch phone uploads (IMG_0001.MOV).
# The dispatcher re-checks prefix and suffix case-insensitively.
resource "aws_s3_bucket_notification" "videos" {
  bucket = aws_s3_bucket.videos.id

  queue {
    id            = "uploads-mp4"
    queue_arn     = aws_sqs_queue.uploads.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = "uploads/"
    filter_suffix = ".mp4"
  }

  queue {
    id            = "uploads-mov"
    queue_arn     = aws_sqs_queue.uploads.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = "uploads/"
    filter_suffix = ".mov"
  }

  queue {
    id            = "uploads-mp4-upper"
    queue_arn     = aws_sqs_queue.uploads.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = "uploads/"
    filter_suffix = ".MP4"
  }

  queue {
    id            = "uploads-mov-upper"
    queue_arn     = aws_sqs_queue.uploads.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = "uploads/"
    filter_suffix = ".MOV"
  }

  # S3 test-sends a message when the notification is saved; the queue policy must admit it first.
  depends_on = [aws_sqs_queue_policy.uploads]
}
