#!/usr/bin/env bash
# Removes the AiCoPilot VST3 bundle and CLAP folder (per user, or --system). Takes, logs and saved projects are left alone.
set -euo pipefail
target=${VST3_DIR:-$HOME/.vst3}
clap_target=${CLAP_DIR:-$HOME/.clap}
[ "${1:-}" = "--system" ] && target=/usr/lib/vst3 && clap_target=/usr/lib/clap
if [ -f "$clap_target/AiCoPilot/Contents/x86_64-linux/AiCoPilot.clap" ]; then
  rm -rf "$clap_target/AiCoPilot"
  echo "removed $clap_target/AiCoPilot"
fi
if [ -d "$target/AiCoPilot.vst3" ]; then
  rm -rf "$target/AiCoPilot.vst3"
  echo "removed $target/AiCoPilot.vst3"
else
  echo "AiCoPilot is not installed in $target"
fi
