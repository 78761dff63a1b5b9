#!/usr/bin/env bash
# A short headless demo on the real bundle: the test host plays the example phrase into AiCoPilot, in real time,
# and writes what came out (your phrase through, then the answer on channel 16) and the preview synth's audio.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p out/demo
bundle="$HOME/.vst3/AiCoPilot.vst3"
[ -d "$bundle" ] || bundle=out/AiCoPilot.vst3
echo "== playing examples/phrase.mid into $bundle (about 20 s)"
out/bin/aicp-host "$bundle" --midi examples/phrase.mid --out out/demo/answer.mid --wav out/demo/preview.wav --realtime --tail 10 \
  | tee out/demo/report.json
echo "== the same phrase continued offline, three variations of melody and chords"
out/bin/aicopilot continue examples/phrase.mid -o out/demo/continued.mid --mode both --key-lock --bars 4 --variations 3 --seed 7
echo "wrote out/demo/answer.mid, out/demo/preview.wav, out/demo/continued.mid"
