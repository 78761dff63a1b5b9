#!/usr/bin/env bash
# Trains, exports and evaluates AiCoPilot's shipped model, on CPU, in one command (about an hour on 2 cores):
#   training/train.sh DATASET_DIR...      (default: ../shared/data/pop909)
#   AICP_INIT=CHECKPOINT.pt training/train.sh ...   to start from earlier weights (see models/MODEL_CARD.md)
# Each DATASET_DIR is one collection of .mid or MusicXML files (named after its folder), read where it is: this
# script fetches nothing. The shipped model's collections and where they come from are in models/MODEL_CARD.md.
# 1. installs Debian's python3-torch, numpy, onnx and OpenBLAS (as root; 3x faster training than the default BLAS)
# 2. tokenizes the collections with the C# tokenizer (`aicopilot tokenize`; there is no other tokenizer)
# 3. trains (training/train.py; resumable: run the same command again after an interruption)
# 4. exports models/aicopilot-float.onnx and tests/golden/model_logits.json (training/export.py, which calibrates the
#    activation ranges on the training split), and quantizes it into the shipped models/aicopilot.onnx
#    (training/quantize.py: 8-bit weights and activations)
# 5. builds the originality guard's index over every collection's training split (models/originality.idx) and,
#    per collection, the in-domain n-gram baseline, and evaluates on each validation split (docs/evaluation.md)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -gt 0 ] || set -- "$root/../shared/data/pop909"
work=$root/training/data
run=$root/training/runs/shipped
cd "$root"

if [ "$(id -u)" = 0 ]; then
  apt-get install -y -qq --no-install-recommends python3-torch python3-numpy python3-onnx libopenblas0-openmp >/dev/null
fi
[ -x out/bin/aicopilot ] || ./build.sh --no-install
start=$(date +%s)

# Nottingham (GPL-3.0) is left out of training by default so the weights carry no GPL terms; training/export.py
# writes weights_licence GPL-3.0 into the file if a collection named nottingham is given.
out/bin/aicopilot tokenize "$@" -o "$work/all"
init=()
[ -n "${AICP_INIT:-}" ] && init=(--init "$AICP_INIT" --lr 5e-4)
/usr/bin/python3 training/train.py --data "$work/all" --out "$run" --epochs "${AICP_EPOCHS:-6}" --minutes 70 "${init[@]}"
minutes=$(( ($(date +%s) - start) / 60 ))
/usr/bin/python3 training/export.py --checkpoint "$run/best.pt" --out models/aicopilot-float.onnx \
  --golden tests/golden/model_logits.json --golden-tokens tests/golden/melody_over_chords.tokens.txt --calibration "$work/all" \
  --training-minutes "$minutes"
/usr/bin/python3 training/quantize.py models/aicopilot-float.onnx models/aicopilot.onnx
out/bin/aicopilot originality "$work/all" -o models/originality.idx
for dir in "$@"; do
  name=$(basename "$dir")
  out/bin/aicopilot tokenize "$dir" -o "$work/$name" >/dev/null
  out/bin/aicopilot ngram "$work/$name" -o "$work/$name.aicm"
  out/bin/aicopilot eval "$dir" --split valid --model models/aicopilot.onnx --ngram "$work/$name.aicm" \
    --index models/originality.idx --json | tee "$run/evaluation-$name.json"
done
echo "training, export and evaluation took $(( ($(date +%s) - start) / 60 )) minutes"
