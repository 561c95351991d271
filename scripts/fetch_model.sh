#!/usr/bin/env bash
# Downloads one model file and verifies its SHA-256 before it is kept; used by Dockerfile.processor.ecs.
#
#   fetch_model.sh URL SHA256 DEST [TOKEN_FILE]
#
# TOKEN_FILE (optional, e.g. a BuildKit secret at /run/secrets/model_token) holds a bearer token for gated
# downloads. The token is read at run time only: it never appears in an argument of this script, an
# environment variable of the image or a layer.
set -euo pipefail

if [[ $# -lt 3 || $# -gt 4 ]]; then
  echo "usage: $0 URL SHA256 DEST [TOKEN_FILE]" >&2
  exit 2
fi

url=$1
sha256=$2
dest=$3
token_file=${4:-}

if [[ ! $sha256 =~ ^[0-9a-f]{64}$ ]]; then
  echo "fetch_model: SHA-256 for $url must be 64 lowercase hex characters, got '$sha256'" >&2
  exit 2
fi

mkdir -p "$(dirname "$dest")"
partial="$dest.partial"
trap 'rm -f "$partial"' EXIT

curl_args=(--fail --silent --show-error --location --retry 3 --retry-delay 5 --output "$partial")
if [[ -n $token_file && -s $token_file ]]; then
  # The header goes to curl on stdin (-H @-), so the token is not in any process's argument list.
  printf 'Authorization: Bearer %s\n' "$(cat "$token_file")" | curl "${curl_args[@]}" -H @- "$url"
else
  curl "${curl_args[@]}" "$url"
fi

actual=$(sha256sum "$partial" | cut -d' ' -f1)
if [[ $actual != "$sha256" ]]; then
  echo "fetch_model: SHA-256 mismatch for $url: expected $sha256, got $actual" >&2
  exit 1
fi

mv "$partial" "$dest"
echo "fetch_model: $dest verified ($sha256)"
