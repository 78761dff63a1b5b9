#!/usr/bin/env bash
# Builds everything in Release: the engine, the `aicopilot` command (NativeAOT) into out/bin/.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p out/bin
echo "== aicopilot (NativeAOT)"
dotnet publish src/Cli -c Release -r linux-x64 -p:PublishAot=true -o out/cli --nologo -v quiet
cp out/cli/aicopilot out/bin/aicopilot
echo "built out/bin/aicopilot"
