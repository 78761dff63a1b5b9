#!/usr/bin/env bash
# For a new user on a fresh Debian 12 machine with the .NET SDK: installs prerequisites, builds everything in
# Release and runs a short demo.
set -euo pipefail
cd "$(dirname "$0")"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq python3-mido >/dev/null
./build.sh
./demo.sh
