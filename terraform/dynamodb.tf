# Attribute names must equal src/Lifestream.Core/Jobs/JobsTableSchema.cs and
# src/Lifestream.Core/Idempotency/IdempotencyTableSchema.cs (checked by tests/Unit/Infrastructure).

# Claims: one item per object version, key "s3_key|etag", taken by conditional writes.
resource "aws_dynamodb_table" "idempotency" {
  name                        = local.idempotency_table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "idempotency_key"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "idempotency_key"
    type = "S"
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}

# Jobs: one item per job; the s3_key GSI finds the jobs of an object and the owner GSI a caller's jobs, without a Scan.
resource "aws_dynamodb_table" "jobs" {
  name                        = local.jobs_table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "job_id"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "job_id"
    type = "S"
  }

  attribute {
    name = "s3_key"
    type = "S"
  }

  # ISO-8601 UTC timestamps sort lexicographically, so the newest job of a key is the last item.
  attribute {
    name = "created_at"
    type = "S"
  }

  # Owner of jobs created through the upload API (the token's subject); S3-event jobs have none.
  attribute {
    name = "owner"
    type = "S"
  }

  global_secondary_index {
    name            = "s3_key-index"
    hash_key        = "s3_key"
    range_key       = "created_at"
    projection_type = "ALL"
  }

  # Sparse: only jobs with an owner are indexed. The API's list is a Query on it, newest first.
  global_secondary_index {
    name            = "owner-index"
    hash_key        = "owner"
    range_key       = "created_at"
    projection_type = "ALL"
  }

  # Completion notifications: the stream feeds an EventBridge Pipe (notifications.tf).
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}
