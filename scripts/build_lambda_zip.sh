#!/usr/bin/env bash
# Publishes the dispatcher Lambda as a self-contained linux-x64 'bootstrap' for the provided.al2023 runtime
# and zips it to artifacts/dispatcher-lambda.zip (terraform's dispatcher_zip_path default).
# Same layout as the Cake build's LambdaZip target; this script is for machines without the Cake tool.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
publish_dir="$repo_root/artifacts/lambda"
zip_path="$repo_root/artifacts/dispatcher-lambda.zip"

command -v dotnet >/dev/null 2>&1 || { echo "build_lambda_zip: dotnet is not on PATH" >&2; exit 1; }
command -v zip >/dev/null 2>&1 || { echo "build_lambda_zip: zip is not on PATH (apt-get install zip)" >&2; exit 1; }

rm -rf "$publish_dir" "$zip_path"
dotnet publish "$repo_root/src/Lifestream.Dispatcher.Lambda/Lifestream.Dispatcher.Lambda.csproj" \
  --configuration Release --runtime linux-x64 --self-contained true \
  -p:PublishReadyToRun=true -p:DebugType=none \
  --output "$publish_dir"

[[ -x $publish_dir/bootstrap ]] || { echo "build_lambda_zip: publish produced no executable 'bootstrap'" >&2; exit 1; }

# Lambda runs 'bootstrap' from the zip root; -X drops host uid/gid so the zip is reproducible across users.
(cd "$publish_dir" && zip -q -r -X "$zip_path" .)
echo "$zip_path"
