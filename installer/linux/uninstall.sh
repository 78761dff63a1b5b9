#!/usr/bin/env bash
# Removes the AiCoPilot VST3 bundle (per user, or --system). Takes, logs and saved projects are left alone.
set -euo pipefail
target=${VST3_DIR:-$HOME/.vst3}
[ "${1:-}" = "--system" ] && target=/usr/lib/vst3
if [ -d "$target/AiCoPilot.vst3" ]; then
  rm -rf "$target/AiCoPilot.vst3"
  echo "removed $target/AiCoPilot.vst3"
else
  echo "AiCoPilot is not installed in $target"
fi
