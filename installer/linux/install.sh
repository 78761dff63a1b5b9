#!/usr/bin/env bash
# Installs the AiCoPilot VST3 bundle that sits beside this script.
#   ./install.sh            per user: ~/.vst3/AiCoPilot.vst3
#   sudo ./install.sh --system   for everyone: /usr/lib/vst3/AiCoPilot.vst3
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=${VST3_DIR:-$HOME/.vst3}
[ "${1:-}" = "--system" ] && target=/usr/lib/vst3
[ -d "$here/AiCoPilot.vst3" ] || { echo "AiCoPilot.vst3 is missing beside install.sh" >&2; exit 1; }
mkdir -p "$target"
# Copy beside the old bundle first, then swap: a failed copy never leaves a half-installed plug-in.
rm -rf "$target/.AiCoPilot.vst3.new"
cp -r "$here/AiCoPilot.vst3" "$target/.AiCoPilot.vst3.new"
rm -rf "$target/AiCoPilot.vst3"
mv "$target/.AiCoPilot.vst3.new" "$target/AiCoPilot.vst3"
echo "installed AiCoPilot $(cat "$here/VERSION" 2>/dev/null) into $target/AiCoPilot.vst3"
echo "Your takes and logs are kept in ~/.local/share/AiCoPilot; uninstall.sh leaves them."
