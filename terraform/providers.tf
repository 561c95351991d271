provider "aws" {
  region = var.region

  default_tags {
    tags = merge(var.tags, {
      Application = "lifestream"
      Environment = var.env_name
      ManagedBy   = "terraform"
    })
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}
