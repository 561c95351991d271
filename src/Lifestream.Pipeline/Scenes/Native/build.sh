#!/usr/bin/env bash
# Builds lifestream-frames against the system's libav* (the one way it is compiled: Lifestream.Pipeline.csproj and
# Dockerfile.processor.ecs both call this). Usage: build.sh OUTPUT
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: build.sh OUTPUT}"
mkdir -p "$(dirname "$out")"
# shellcheck disable=SC2046 # pkg-config prints several flags on purpose
gcc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -o "$out" "$here/lifestream-frames.c" \
  $(pkg-config --cflags --libs libavformat libavcodec libswscale libavutil)
