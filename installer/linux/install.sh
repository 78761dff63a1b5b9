#!/usr/bin/env bash
# Installs the AiCoPilot VST3 bundle and the CLAP folder that sit beside this script.
#   ./install.sh            per user: ~/.vst3/AiCoPilot.vst3 and ~/.clap/AiCoPilot
#   sudo ./install.sh --system   for everyone: /usr/lib/vst3/AiCoPilot.vst3 and /usr/lib/clap/AiCoPilot
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=${VST3_DIR:-$HOME/.vst3}
clap_target=${CLAP_DIR:-$HOME/.clap}
[ "${1:-}" = "--system" ] && target=/usr/lib/vst3 && clap_target=/usr/lib/clap
[ -d "$here/AiCoPilot.vst3" ] || { echo "AiCoPilot.vst3 is missing beside install.sh" >&2; exit 1; }
mkdir -p "$target"
# Copy beside the old bundle first, then swap: a failed copy never leaves a half-installed plug-in.
rm -rf "$target/.AiCoPilot.vst3.new"
cp -r "$here/AiCoPilot.vst3" "$target/.AiCoPilot.vst3.new"
rm -rf "$target/AiCoPilot.vst3"
mv "$target/.AiCoPilot.vst3.new" "$target/AiCoPilot.vst3"
echo "installed AiCoPilot $(cat "$here/VERSION" 2>/dev/null) into $target/AiCoPilot.vst3"
if [ -d "$here/AiCoPilot" ]; then  # the CLAP: a folder of its own (the .clap beside its engine and model)
  mkdir -p "$clap_target"
  rm -rf "$clap_target/.AiCoPilot.new"
  cp -r "$here/AiCoPilot" "$clap_target/.AiCoPilot.new"
  rm -rf "$clap_target/AiCoPilot"
  mv "$clap_target/.AiCoPilot.new" "$clap_target/AiCoPilot"
  echo "installed the CLAP plug-in into $clap_target/AiCoPilot"
fi
echo "Your takes and logs are kept in ~/.local/share/AiCoPilot; uninstall.sh leaves them."
