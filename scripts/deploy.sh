#!/usr/bin/env bash
# One-shot deploy of an environment: Lambda zip, processor image, terraform apply.
#
#   scripts/deploy.sh ENV_NAME [extra terraform args...]
#
# Needs the environment of scripts/build_and_push_processor_image.sh plus a terraform/ENV_NAME.tfvars file
# with subnet_ids, security_group_ids and whisper_model_sha256 (see terraform/README.md). Set
# SKIP_IMAGE=1 with PROCESSOR_IMAGE_URI=... to reuse an image already pushed.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 ENV_NAME [extra terraform args...]" >&2
  exit 2
fi
env_name=$1
shift

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tfvars="$repo_root/terraform/$env_name.tfvars"
[[ -f $tfvars ]] || { echo "deploy: $tfvars not found" >&2; exit 1; }
command -v terraform >/dev/null 2>&1 || { echo "deploy: terraform is not on PATH" >&2; exit 1; }

zip_path=$("$repo_root/scripts/build_lambda_zip.sh" | tail -n 1)

if [[ ${SKIP_IMAGE:-0} == 1 ]]; then
  image=${PROCESSOR_IMAGE_URI:?set PROCESSOR_IMAGE_URI with SKIP_IMAGE=1}
else
  image=$("$repo_root/scripts/build_and_push_processor_image.sh" | tail -n 1)
fi

cd "$repo_root/terraform"
terraform init -input=false
# One workspace (and so one state) per environment.
terraform workspace select -or-create=true "$env_name"
terraform apply -input=false \
  -var-file="$tfvars" \
  -var "env_name=$env_name" \
  -var "processor_image_uri=$image" \
  -var "dispatcher_zip_path=$zip_path" \
  "$@"
