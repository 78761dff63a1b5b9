#!/usr/bin/env bash
# For a new user on a fresh Debian 12 machine with the .NET 10 SDK: installs prerequisites, builds everything in
# Release, installs the plug-in into ~/.vst3 and runs a short headless demo on the real bundle.
set -euo pipefail
cd "$(dirname "$0")"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends cmake g++ libgtest-dev python3-mido libx11-dev fonts-dejavu-core >/dev/null
./build.sh
./demo.sh
