#!/usr/bin/env bash
# Builds Dockerfile.processor.ecs, tags it with the git commit (never "latest") and pushes it to ECR.
# Prints the pushed image URI on the last line (terraform's processor_image_uri).
#
# Required environment:
#   AWS_REGION             e.g. eu-west-1
#   ECR_REPOSITORY         repository name, e.g. lifestream-processor (created if missing)
#   WHISPER_MODEL_URL      ggml model URL
#   WHISPER_MODEL_SHA256   its SHA-256 (also terraform's whisper_model_sha256)
# Optional:
#   AWS_ACCOUNT_ID         default: from `aws sts get-caller-identity`
#   SPEAKER_MODEL_URL / SPEAKER_MODEL_SHA256   ONNX speaker-embedding model
#   MODEL_TOKEN_FILE       file with a bearer token for gated model downloads (passed as a BuildKit secret)
#   ALLOW_DIRTY=1          build from a working tree with uncommitted changes (tag gets a -dirty suffix)
#
# Needs: git, docker with BuildKit (buildx), aws CLI v2. Cannot run on machines without a Docker daemon.
set -euo pipefail

die() {
  echo "build_and_push_processor_image: $*" >&2
  exit 1
}

for tool in git docker aws; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not on PATH"
done

: "${AWS_REGION:?set AWS_REGION}"
: "${ECR_REPOSITORY:?set ECR_REPOSITORY}"
: "${WHISPER_MODEL_URL:?set WHISPER_MODEL_URL}"
: "${WHISPER_MODEL_SHA256:?set WHISPER_MODEL_SHA256}"

repo_root=$(git rev-parse --show-toplevel)
cd "$repo_root"

docker info >/dev/null 2>&1 || die "no Docker daemon answers (docker info failed)"

tag=$(git rev-parse --short=12 HEAD)
if [[ -n $(git status --porcelain) ]]; then
  [[ ${ALLOW_DIRTY:-0} == 1 ]] || die "working tree has uncommitted changes; commit them or set ALLOW_DIRTY=1"
  tag="$tag-dirty"
fi

account=${AWS_ACCOUNT_ID:-$(aws sts get-caller-identity --query Account --output text)}
registry="$account.dkr.ecr.$AWS_REGION.amazonaws.com"
image="$registry/$ECR_REPOSITORY:$tag"

if ! aws ecr describe-repositories --region "$AWS_REGION" --repository-names "$ECR_REPOSITORY" >/dev/null 2>&1; then
  echo "Creating ECR repository $ECR_REPOSITORY (immutable tags, scan on push)" >&2
  aws ecr create-repository --region "$AWS_REGION" --repository-name "$ECR_REPOSITORY" \
    --image-tag-mutability IMMUTABLE --image-scanning-configuration scanOnPush=true >/dev/null
fi

# The password goes through a pipe, never through an argument or a file.
aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "$registry" >/dev/null

build_args=(
  --file Dockerfile.processor.ecs
  --platform linux/amd64
  --build-arg "WHISPER_MODEL_URL=$WHISPER_MODEL_URL"
  --build-arg "WHISPER_MODEL_SHA256=$WHISPER_MODEL_SHA256"
  --label "org.opencontainers.image.revision=$(git rev-parse HEAD)"
  --label "org.opencontainers.image.source=lifestream"
  --tag "$image"
)
if [[ -n ${SPEAKER_MODEL_URL:-} ]]; then
  : "${SPEAKER_MODEL_SHA256:?set SPEAKER_MODEL_SHA256 with SPEAKER_MODEL_URL}"
  build_args+=(--build-arg "SPEAKER_MODEL_URL=$SPEAKER_MODEL_URL" --build-arg "SPEAKER_MODEL_SHA256=$SPEAKER_MODEL_SHA256")
fi
if [[ -n ${MODEL_TOKEN_FILE:-} ]]; then
  [[ -r $MODEL_TOKEN_FILE ]] || die "MODEL_TOKEN_FILE '$MODEL_TOKEN_FILE' is not readable"
  build_args+=(--secret "id=model_token,src=$MODEL_TOKEN_FILE")
fi

DOCKER_BUILDKIT=1 docker build "${build_args[@]}" .
docker push "$image"

digest=$(docker inspect --format '{{index .RepoDigests 0}}' "$image" 2>/dev/null || true)
echo "Pushed $image${digest:+ ($digest)}" >&2
echo "$image"
