# Variables for the LocalStack recipe in docs/deploy.md. LocalStack accepts any subnet / security group ids
# and any ECR-shaped image URI; the account id is LocalStack's default.
env_name            = "local"
subnet_ids          = ["subnet-00000000000000001"]
security_group_ids  = ["sg-00000000000000001"]
processor_image_uri = "000000000000.dkr.ecr.us-east-1.amazonaws.com/lifestream-processor:local0000000"
region              = "us-east-1"
asr_engine          = "pocketsphinx"
deletion_protection = false
site_origin         = "https://localhost.localstack.cloud"
api_jwt_issuer      = "https://issuer.localstack.cloud/"
api_jwt_audience    = ["lifestream-local"]
