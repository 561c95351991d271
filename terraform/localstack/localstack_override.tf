# tflocal-style provider override for `terraform apply` against LocalStack (see docs/deploy.md).
# Copy this file next to the module's .tf files in a scratch copy of terraform/ (never into terraform/
# itself): Terraform merges *_override.tf files over the provider block.
# Not used in CI here: LocalStack needs a Docker daemon, and ECS needs LocalStack Pro.
provider "aws" {
  region                      = var.region
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  s3_use_path_style           = true

  endpoints {
    cloudwatch     = "http://127.0.0.1:4566"
    cloudwatchlogs = "http://127.0.0.1:4566"
    dynamodb       = "http://127.0.0.1:4566"
    ec2            = "http://127.0.0.1:4566"
    ecr            = "http://127.0.0.1:4566"
    ecs            = "http://127.0.0.1:4566"
    iam            = "http://127.0.0.1:4566"
    lambda         = "http://127.0.0.1:4566"
    s3             = "http://127.0.0.1:4566"
    sqs            = "http://127.0.0.1:4566"
    sts            = "http://127.0.0.1:4566"
  }
}
