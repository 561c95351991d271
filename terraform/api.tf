# The upload API: the plain ASP.NET Core app (Kestrel) in a provided.al2023 Lambda behind an HTTP API.
# AWS's Lambda Web Adapter layer is a Lambda extension that takes the invocations and forwards them to
# Kestrel as HTTP; the zip's 'bootstrap' only starts the app (docs/api.md: why this host, its cold start).

resource "aws_lambda_function" "api" {
  function_name    = local.api_name
  role             = aws_iam_role.api.arn
  runtime          = "provided.al2023"
  handler          = "bootstrap"
  architectures    = ["x86_64"]
  s3_bucket        = aws_s3_object.api_zip.bucket
  s3_key           = aws_s3_object.api_zip.key
  source_code_hash = filebase64sha256(var.api_zip_path)
  timeout          = var.api_timeout_seconds
  memory_size      = var.api_memory_mb
  layers           = ["arn:${data.aws_partition.current.partition}:lambda:${var.region}:753240598075:layer:LambdaAdapterLayerX86:${var.api_lambda_adapter_layer_version}"]

  environment {
    variables = local.api_environment
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.api.name
  }

  depends_on = [aws_iam_role_policy.api]
}

resource "aws_apigatewayv2_api" "http" {
  name          = local.api_name
  protocol_type = "HTTP"
  description   = "Lifestream upload API (presigned upload, confirm, status, results, deletion)."

  # Browsers on the web app's origin only. API Gateway answers preflights itself.
  cors_configuration {
    allow_origins  = [var.site_origin]
    allow_methods  = ["GET", "POST", "DELETE"]
    allow_headers  = ["authorization", "content-type", "if-none-match"]
    expose_headers = ["etag", "location"]
    max_age        = 3600
  }
}

resource "aws_apigatewayv2_authorizer" "jwt" {
  api_id           = aws_apigatewayv2_api.http.id
  name             = "jwt"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = var.api_jwt_issuer
    audience = var.api_jwt_audience
  }
}

resource "aws_apigatewayv2_integration" "api" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.api.invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = var.api_timeout_seconds * 1000
}

# One route per endpoint, each behind the JWT authorizer: unknown paths never reach the function.
resource "aws_apigatewayv2_route" "api" {
  for_each = toset(local.api_routes)

  api_id             = aws_apigatewayv2_api.http.id
  route_key          = each.value
  target             = "integrations/${aws_apigatewayv2_integration.api.id}"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.jwt.id
}

# The OpenAPI document is public, like the web app that reads it.
resource "aws_apigatewayv2_route" "openapi" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "GET /openapi/v1.json"
  target    = "integrations/${aws_apigatewayv2_integration.api.id}"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_rate_limit  = var.api_throttling_rate_limit
    throttling_burst_limit = var.api_throttling_burst_limit
  }

  # $context.path carries no query string and no header is logged: presigned URLs and tokens stay out.
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format          = jsonencode(local.api_access_log_format)
  }
}

locals {
  api_access_log_format = {
    requestId        = "$context.requestId"
    time             = "$context.requestTime"
    method           = "$context.httpMethod"
    route            = "$context.routeKey"
    path             = "$context.path"
    status           = "$context.status"
    latencyMs        = "$context.responseLatency"
    integrationMs    = "$context.integrationLatency"
    integrationError = "$context.integrationErrorMessage"
    authorizerError  = "$context.authorizer.error"
    sub              = "$context.authorizer.claims.sub"
  }
}

resource "aws_lambda_permission" "api_gateway" {
  statement_id  = "AllowHttpApiInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.api.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*/*"
}

resource "aws_s3_object" "api_zip" {
  bucket      = aws_s3_bucket.artifacts.id
  key         = "lambda/api-${filesha256(var.api_zip_path)}.zip"
  source      = var.api_zip_path
  source_hash = filesha256(var.api_zip_path)
}

# Browsers PUT to presigned URLs and GET results from the bucket's own origin.
resource "aws_s3_bucket_cors_configuration" "videos" {
  bucket = aws_s3_bucket.videos.id

  cors_rule {
    allowed_origins = [var.site_origin]
    allowed_methods = ["PUT", "GET", "HEAD"]
    allowed_headers = ["content-type"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3600
  }
}
