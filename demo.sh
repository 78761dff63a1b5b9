#!/usr/bin/env bash
# A short headless demo: continue the example phrase with three variations of melody and chords.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p out/demo
out/bin/aicopilot continue examples/phrase.mid -o out/demo/continued.mid --mode both --key-lock --bars 4 --variations 3 --seed 7
