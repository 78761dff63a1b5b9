#!/usr/bin/env bash
# Builds the Linux packages and checks them without touching the machine: the .deb is inspected and installed into
# a temporary root with dpkg (its own admin directory), the tarball is installed and uninstalled with a temporary
# HOME, and the installed bundle is loaded by the project's host. Ends with "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
version=$(tr -d ' \n' < "$root/VERSION")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0; failed=0
check() { if [ "$1" = 0 ]; then echo "  ok: $2"; passed=$((passed + 1)); else echo "  FAILED: $2"; failed=$((failed + 1)); fi; }

"$root/installer/linux/build_packages.sh" "$work/pkg" >/dev/null
check $? "packages build"
deb=$work/pkg/aicopilot_${version}_amd64.deb
tarball=$work/pkg/aicopilot-$version-linux-x64.tar.gz

# ---- .deb: metadata, then a real dpkg install into a temporary root ----
[ "$(dpkg-deb --field "$deb" Version)" = "$version" ]; check $? "the .deb is stamped with VERSION ($version)"
[ "$(dpkg-deb --field "$deb" Architecture)" = amd64 ]; check $? "the .deb is for amd64"
owners=$(dpkg-deb --contents "$deb" | awk '{print $2}' | sort -u)
[ "$owners" = "root/root" ]; check $? "every file in the .deb is owned by root"
dpkg_root=$work/root
mkdir -p "$dpkg_root/var/lib/dpkg/updates" "$dpkg_root/var/lib/dpkg/info"
touch "$dpkg_root/var/lib/dpkg/status"
dpkg --root="$dpkg_root" --admindir="$dpkg_root/var/lib/dpkg" --force-not-root --force-depends --force-script-chrootless \
  --log=/dev/null -i "$deb" >/dev/null 2>&1
check $? "dpkg installs the .deb into a temporary root"
installed=$dpkg_root/usr/lib/vst3/AiCoPilot.vst3
for f in Contents/x86_64-linux/AiCoPilot.so Contents/x86_64-linux/AiCoPilotEngine.so Contents/x86_64-linux/libonnxruntime.so \
         Contents/Resources/aicopilot.onnx Contents/Resources/MODEL_CARD.md Contents/Resources/LICENSE; do
  [ -s "$installed/$f" ]; check $? "installed $f"
done
[ -x "$installed/Contents/x86_64-linux/AiCoPilot.so" ]; check $? "the plug-in library is executable"
installed_clap=$dpkg_root/usr/lib/clap/AiCoPilot
for f in Contents/x86_64-linux/AiCoPilot.clap Contents/x86_64-linux/AiCoPilotEngine.so Contents/x86_64-linux/libonnxruntime.so \
         Contents/x86_64-linux/libSkiaSharp.so Contents/Resources/aicopilot.onnx; do
  [ -s "$installed_clap/$f" ]; check $? "installed the CLAP's $f"
done
[ -x "$installed_clap/Contents/x86_64-linux/AiCoPilot.clap" ]; check $? "the CLAP library is executable"
[ -s "$dpkg_root/usr/share/doc/aicopilot/copyright" ]; check $? "the licence is in /usr/share/doc/aicopilot"
cmp -s "$installed/Contents/Resources/aicopilot.onnx" "$root/models/aicopilot.onnx"; check $? "the shipped model is the repository's"
dpkg --root="$dpkg_root" --admindir="$dpkg_root/var/lib/dpkg" --force-not-root --force-script-chrootless --log=/dev/null -r aicopilot >/dev/null 2>&1
[ ! -e "$installed" ] && [ ! -e "$installed_clap" ]; check $? "dpkg removes it again (the VST3 and the CLAP)"

# ---- tarball: install per user, load it, uninstall ----
tar -C "$work" -xzf "$tarball"
home=$work/home
mkdir -p "$home"
HOME=$home "$work/aicopilot-$version-linux-x64/install.sh" >/dev/null
check $? "install.sh runs"
[ -s "$home/.vst3/AiCoPilot.vst3/Contents/x86_64-linux/AiCoPilot.so" ]; check $? "install.sh puts the bundle in ~/.vst3"
json=$("$root/out/bin/aicp-host" "$home/.vst3/AiCoPilot.vst3" --midi "$root/examples/phrase.mid" --speed 8 --tail 6 2>/dev/null)
echo "$json" | grep -q '"engine_available": true'; check $? "the installed bundle loads with its engine"
[ -s "$home/.clap/AiCoPilot/Contents/x86_64-linux/AiCoPilot.clap" ]; check $? "install.sh puts the CLAP in ~/.clap/AiCoPilot"
json=$("$root/out/bin/aicp-host" --clap "$home/.clap/AiCoPilot/Contents/x86_64-linux/AiCoPilot.clap" --midi "$root/examples/phrase.mid" \
       --speed 8 --tail 6 --wait-for-model 60 2>/dev/null)
echo "$json" | grep -q '"engine_available": true' && echo "$json" | grep -q '"engine_model_state": "ready"'
check $? "the installed CLAP loads with its engine and model"
HOME=$home "$work/aicopilot-$version-linux-x64/install.sh" >/dev/null
[ -s "$home/.vst3/AiCoPilot.vst3/Contents/x86_64-linux/AiCoPilot.so" ] && [ ! -e "$home/.vst3/.AiCoPilot.vst3.new" ]
check $? "installing again replaces the bundle cleanly"
HOME=$home "$work/aicopilot-$version-linux-x64/uninstall.sh" >/dev/null
[ ! -e "$home/.vst3/AiCoPilot.vst3" ] && [ ! -e "$home/.clap/AiCoPilot" ]; check $? "uninstall.sh removes it (the VST3 and the CLAP)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
