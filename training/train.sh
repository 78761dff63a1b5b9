#!/usr/bin/env bash
# Trains, exports and evaluates AiCoPilot's shipped model, on CPU, in one command (about an hour on 2 cores):
#   training/train.sh [DATA_DIR]        (default ../shared/data)
# 1. installs Debian's python3-torch, numpy, onnx and OpenBLAS (as root; 3x faster training than the default BLAS)
# 2. tokenizes POP909 with the C# tokenizer (`aicopilot tokenize`; there is no other tokenizer)
# 3. trains (training/train.py; resumable: run the same command again after an interruption)
# 4. exports models/aicopilot.onnx and tests/golden/model_logits.json (training/export.py)
# 5. builds the originality guard's index (models/originality.idx) and the n-gram baseline, and evaluates on the
#    validation split (docs/evaluation.md)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-$root/../shared/data}
work=$root/training/data
run=$root/training/runs/pop909
cd "$root"

if [ "$(id -u)" = 0 ]; then
  apt-get install -y -qq --no-install-recommends python3-torch python3-numpy python3-onnx libopenblas0-openmp >/dev/null
fi
[ -x out/bin/aicopilot ] || ./build.sh --no-install
start=$(date +%s)

# The shipped model is trained on POP909 only (MIT-licensed transcriptions); Nottingham (GPL-3.0) is left out so
# the weights do not carry GPL terms. See models/MODEL_CARD.md.
out/bin/aicopilot tokenize "$data/pop909" -o "$work/pop909"
/usr/bin/python3 training/train.py --data "$work/pop909" --out "$run" --epochs 12 --minutes 48
minutes=$(( ($(date +%s) - start) / 60 ))
/usr/bin/python3 training/export.py --checkpoint "$run/best.pt" --out models/aicopilot.onnx \
  --golden tests/golden/model_logits.json --golden-tokens tests/golden/melody_over_chords.tokens.txt --training-minutes "$minutes"
out/bin/aicopilot originality "$work/pop909" -o models/originality.idx
out/bin/aicopilot ngram "$work/pop909" -o "$work/ngram.aicm"
out/bin/aicopilot eval "$data/pop909/valid" --model models/aicopilot.onnx --ngram "$work/ngram.aicm" \
  --index models/originality.idx --json | tee "$run/evaluation.json"
echo "training, export and evaluation took $(( ($(date +%s) - start) / 60 )) minutes"
