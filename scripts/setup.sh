#!/usr/bin/env bash
# Installs what Lifestream needs on a Debian machine with the .NET 10 SDK, idempotently and quickly
# when already done: system packages (apt), the npm-pinned tools under tools/ (npm ci), and the
# offline models (tools/models/fetch-models.sh, SHA-256 pinned).
set -euo pipefail
cd "$(dirname "$0")/.."

# gcc + zlib1g-dev: the native linker step of the dispatcher Lambda's Native AOT publish (LambdaPublish, Bench).
# chromium: the browser tests of the web app (Playwright drives Debian's package; no `playwright install`).
# python3: the hostile corpus generator (fixtures/hostile). python3-opencv: the scene parity tests replay PySceneDetect's steps with cv2 on the same system ffmpeg.
apt_packages=(ffmpeg python3 pocketsphinx pocketsphinx-en-us libpocketsphinx3 flite sox sctk pocketsphinx-testdata shellcheck openjdk-17-jre-headless gcc zlib1g-dev chromium python3-opencv pkg-config libavformat-dev libavcodec-dev libswscale-dev libavutil-dev)

missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# Any Java 17+ on PATH will do for DynamoDB Local; don't install a second one.
if command -v java >/dev/null 2>&1; then
  filtered=()
  for pkg in "${missing[@]}"; do [ "$pkg" = openjdk-17-jre-headless ] || filtered+=("$pkg"); done
  missing=("${filtered[@]}")
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: system packages present"
fi

# npm ci only when the lock file changed since the last install (a stamp holds its hash): the tools and
# the web app's build toolchain (Vite, TypeScript).
for dir in tools/*/ src/Lifestream.Web/; do
  [ -f "$dir/package-lock.json" ] || continue
  stamp="$dir/node_modules/.lifestream-lock.sha256"
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "setup: $dir up to date"
    continue
  fi
  echo "setup: npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
done

if [ -x tools/models/fetch-models.sh ]; then
  tools/models/fetch-models.sh
fi
echo "setup: done"
