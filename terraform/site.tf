# The web app: static files (src/Lifestream.Web/dist, built by ./build.sh) in a private bucket that only
# CloudFront reads, through origin access control. The API is on the same origin: /api/* and /openapi/*
# go to the HTTP API, so the page needs no CORS for its own calls (only the videos bucket's presigned URLs
# are cross-origin, allowed by aws_s3_bucket_cors_configuration.videos).

resource "aws_s3_bucket" "site" {
  bucket = local.site_bucket_name
}

resource "aws_s3_bucket_ownership_controls" "site" {
  bucket = aws_s3_bucket.site.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "site" {
  bucket                  = aws_s3_bucket.site.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "site" {
  bucket = aws_s3_bucket.site.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

data "aws_iam_policy_document" "site_bucket" {
  statement {
    sid       = "CloudFrontReadsTheSite"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.site.arn}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.site.arn]
    }
  }

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    resources = [aws_s3_bucket.site.arn, "${aws_s3_bucket.site.arn}/*"]

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = data.aws_iam_policy_document.site_bucket.json

  depends_on = [aws_s3_bucket_public_access_block.site]
}

# The built files. Vite names assets by content hash, so they are immutable; index.html is revalidated.
resource "aws_s3_object" "site" {
  for_each = fileset(var.site_dist_path, "**")

  bucket        = aws_s3_bucket.site.id
  key           = each.value
  source        = "${var.site_dist_path}/${each.value}"
  source_hash   = filemd5("${var.site_dist_path}/${each.value}")
  content_type  = lookup(local.site_content_types, lower(regex("[^.]*$", each.value)), "application/octet-stream")
  cache_control = startswith(each.value, "assets/") ? "public, max-age=31536000, immutable" : "no-cache"
}

resource "aws_cloudfront_origin_access_control" "site" {
  name                              = local.site_bucket_name
  description                       = "CloudFront signs its reads of the web app bucket."
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

# The same Content-Security-Policy the API host sends when it serves the page locally (SecurityHeaders.cs):
# no inline script or style, media/images/fetches also from the videos bucket (presigned URLs), no framing.
resource "aws_cloudfront_response_headers_policy" "site" {
  name    = "${local.name}-site"
  comment = "Lifestream web app: CSP without inline script, HSTS, no framing, no sniffing, no referrer."

  security_headers_config {
    content_security_policy {
      content_security_policy = local.site_content_security_policy
      override                = true
    }

    strict_transport_security {
      access_control_max_age_sec = 63072000
      include_subdomains         = true
      preload                    = true
      override                   = true
    }

    frame_options {
      frame_option = "DENY"
      override     = true
    }

    content_type_options {
      override = true
    }

    referrer_policy {
      referrer_policy = "no-referrer"
      override        = true
    }
  }
}

resource "aws_cloudfront_distribution" "site" {
  enabled             = true
  comment             = "${local.name} web app and API"
  default_root_object = "index.html"
  http_version        = "http2and3"
  is_ipv6_enabled     = true
  price_class         = var.site_price_class
  aliases             = var.site_certificate_arn == "" ? [] : [local.site_host]

  origin {
    origin_id                = "site"
    domain_name              = aws_s3_bucket.site.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.site.id
  }

  origin {
    origin_id   = "api"
    domain_name = local.api_host

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id           = "site"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = local.cloudfront_managed_policies.caching_optimized
    response_headers_policy_id = aws_cloudfront_response_headers_policy.site.id
  }

  # The API: never cached, every viewer header (Authorization, If-None-Match) and the query string forwarded,
  # the Host header replaced by the API's own (API Gateway routes on it).
  dynamic "ordered_cache_behavior" {
    for_each = local.site_api_paths

    content {
      path_pattern               = ordered_cache_behavior.value
      target_origin_id           = "api"
      viewer_protocol_policy     = "https-only"
      allowed_methods            = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
      cached_methods             = ["GET", "HEAD"]
      compress                   = true
      cache_policy_id            = local.cloudfront_managed_policies.caching_disabled
      origin_request_policy_id   = local.cloudfront_managed_policies.all_viewer_except_host_header
      response_headers_policy_id = aws_cloudfront_response_headers_policy.site.id
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = var.site_certificate_arn == ""
    acm_certificate_arn            = var.site_certificate_arn == "" ? null : var.site_certificate_arn
    ssl_support_method             = var.site_certificate_arn == "" ? null : "sni-only"
    minimum_protocol_version       = var.site_certificate_arn == "" ? "TLSv1" : "TLSv1.2_2021"
  }
}

locals {
  site_bucket_name = "${local.name}-site"
  site_host        = regex("^https://([^:/]+)", var.site_origin)[0]
  api_host         = replace(aws_apigatewayv2_api.http.api_endpoint, "https://", "")
  site_api_paths   = ["/api/*", "/openapi/*"]

  site_content_security_policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: https://${aws_s3_bucket.videos.bucket_regional_domain_name}; media-src 'self' blob: https://${aws_s3_bucket.videos.bucket_regional_domain_name}; connect-src 'self' https://${aws_s3_bucket.videos.bucket_regional_domain_name}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

  # AWS managed CloudFront policies (fixed IDs, the same in every account).
  cloudfront_managed_policies = {
    caching_optimized             = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    caching_disabled              = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    all_viewer_except_host_header = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
  }

  site_content_types = {
    html  = "text/html; charset=utf-8"
    js    = "text/javascript; charset=utf-8"
    css   = "text/css; charset=utf-8"
    json  = "application/json"
    svg   = "image/svg+xml"
    png   = "image/png"
    jpg   = "image/jpeg"
    ico   = "image/x-icon"
    woff2 = "font/woff2"
    txt   = "text/plain; charset=utf-8"
  }
}
