#!/usr/bin/env bash
# Windows x64 packages, built on Linux from the bundle build.sh made (out/win/AiCoPilot.vst3): an NSIS installer
# (64-bit, for everyone: %CommonProgramFiles%\VST3) and a zip of the bundle folder for copying by hand. The whole
# AiCoPilot.vst3 folder is packed, whatever it holds. The version comes from ../../VERSION only.
#   installer/windows/build_installer.sh [OUT_DIR]     (default out/installer)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/out/installer}
version=$(tr -d ' \n' < "$root/VERSION")
bundle=$root/out/win/AiCoPilot.vst3
[ -f "$bundle/Contents/x86_64-win/AiCoPilot.vst3" ] || { echo "no Windows bundle at $bundle: run ./build.sh first" >&2; exit 1; }
command -v makensis >/dev/null || { echo "makensis is missing (Debian package nsis)" >&2; exit 1; }
command -v zip >/dev/null || { echo "zip is missing (Debian package zip)" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The version resource wants four numbers: 0.1.0 -> 0.1.0.0, 1.2.3-rc1 -> 1.2.3.0.
numbers=$(sed -E 's/^([0-9]+(\.[0-9]+){0,3}).*/\1/' <<<"$version")
[[ $numbers =~ ^[0-9] ]] || { echo "VERSION '$version' does not start with a number" >&2; exit 1; }
version4=$numbers
while [ "$(tr -cd . <<<"$version4" | wc -c)" -lt 3 ]; do version4=$version4.0; done

# ---- installer ----
sed 's/$/\r/' "$root/LICENSE" > "$work/LICENSE.txt"   # the licence page's text control wants CRLF
setup=$out/AiCoPilot-$version-win-x64-setup.exe
makensis -V2 -WX -NOCD \
  "-DVERSION=$version" "-DVERSION4=$version4" "-DBUNDLE=$bundle" "-DLICENSE_TXT=$work/LICENSE.txt" \
  "-DSIZE_KB=$(du -sk "$bundle" | cut -f1)" "-DOUTFILE=$setup" \
  "$root/installer/windows/AiCoPilot.nsi" >"$work/makensis.log" 2>&1 || { cat "$work/makensis.log" >&2; exit 1; }
echo "built $setup"

# ---- zip: AiCoPilot.vst3/ at the top ----
zip=$out/AiCoPilot-$version-win-x64.zip
rm -f "$zip"
(cd "$bundle/.." && zip -q -r -X "$zip" AiCoPilot.vst3)
echo "built $zip"
