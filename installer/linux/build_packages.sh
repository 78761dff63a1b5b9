#!/usr/bin/env bash
# Linux packages from the bundle and the CLAP folder build.sh made: a .deb (system-wide, /usr/lib/vst3 and
# /usr/lib/clap) and a tarball with install.sh/uninstall.sh (per-user ~/.vst3 and ~/.clap by default, or system-wide). The version comes from ../../VERSION only.
#   installer/linux/build_packages.sh [OUT_DIR]     (default out/installer)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/out/installer}
version=$(tr -d ' \n' < "$root/VERSION")
bundle=$root/out/AiCoPilot.vst3
[ -f "$bundle/Contents/x86_64-linux/AiCoPilot.so" ] || { echo "no bundle at $bundle: run ./build.sh first" >&2; exit 1; }
clap=$root/out/clap/AiCoPilot
[ -f "$clap/Contents/x86_64-linux/AiCoPilot.clap" ] || { echo "no CLAP folder at $clap: run ./build.sh first" >&2; exit 1; }
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ---- .deb ----
deb=$work/deb
mkdir -p "$deb/DEBIAN" "$deb/usr/lib/vst3" "$deb/usr/lib/clap" "$deb/usr/share/doc/aicopilot"
cp -r "$bundle" "$deb/usr/lib/vst3/"
cp -r "$clap" "$deb/usr/lib/clap/"
cp "$root/LICENSE" "$deb/usr/share/doc/aicopilot/copyright"
cp "$root/models/MODEL_CARD.md" "$deb/usr/share/doc/aicopilot/"
size=$(du -sk "$deb/usr" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" "$root/installer/linux/control.in" > "$deb/DEBIAN/control"
find "$deb" -type d -exec chmod 755 {} +
find "$deb/usr" -type f -exec chmod 644 {} +
chmod 755 "$deb/usr/lib/vst3/AiCoPilot.vst3/Contents/x86_64-linux/"*.so "$deb/usr/lib/clap/AiCoPilot/Contents/x86_64-linux/"*
dpkg-deb --root-owner-group --build "$deb" "$out/aicopilot_${version}_amd64.deb" >/dev/null
echo "built $out/aicopilot_${version}_amd64.deb"

# ---- tarball ----
name=aicopilot-$version-linux-x64
mkdir -p "$work/$name"
cp -r "$bundle" "$work/$name/"
cp -r "$clap" "$work/$name/"
cp "$root/installer/linux/install.sh" "$root/installer/linux/uninstall.sh" "$root/LICENSE" "$work/$name/"
cp "$root/models/MODEL_CARD.md" "$work/$name/"
echo "$version" > "$work/$name/VERSION"
tar -C "$work" -czf "$out/$name.tar.gz" "$name"
echo "built $out/$name.tar.gz"
