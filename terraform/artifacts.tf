# Deployment artifacts. The dispatcher zip goes through S3 because direct uploads are capped at 50 MB and a
# self-contained .NET 'bootstrap' with its dependencies is larger.
resource "aws_s3_bucket" "artifacts" {
  bucket = local.artifacts_bucket_name
}

resource "aws_s3_bucket_ownership_controls" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  bucket                  = aws_s3_bucket.artifacts.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# Content-addressed key: a new build is a new object, and the function update follows it.
resource "aws_s3_object" "dispatcher_zip" {
  bucket      = aws_s3_bucket.artifacts.id
  key         = "lambda/dispatcher-${filesha256(var.dispatcher_zip_path)}.zip"
  source      = var.dispatcher_zip_path
  source_hash = filesha256(var.dispatcher_zip_path)
}
