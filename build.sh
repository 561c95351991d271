#!/usr/bin/env bash
# Bootstrapper: restores the pinned Cake tool from dotnet-tools.json, then runs build.cake.
#   ./build.sh --target=Test   |   ./build.sh --target=Demo   |   ./build.sh --target=Bench
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export CAKE_SETTINGS_ENABLESCRIPTCACHE=true
dotnet tool restore >/dev/null
exec dotnet cake build.cake "$@"
