#!/usr/bin/env bash
# For a new user on a fresh Debian 12 machine with the .NET 10 SDK: installs every prerequisite of the build, the
# demo and the tests (debian-packages.txt), builds everything in Release, installs the plug-in into ~/.vst3 and
# runs a short headless demo on the real bundle.
set -euo pipefail
cd "$(dirname "$0")"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
mapfile -t packages < <(sed -e 's/#.*//' -e '/^\s*$/d' debian-packages.txt | awk '{print $1}')
echo "== installing ${#packages[@]} Debian packages (debian-packages.txt)"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=900 --no-install-recommends "${packages[@]}" >/dev/null
./build.sh
./demo.sh
