#!/usr/bin/env bash
# The test host with the real bundle (wrapper, NativeAOT engine, ONNX Runtime, the model) under valgrind memcheck,
# in real time long enough for the model to load and answer: no invalid reads or writes, no use of uninitialised
# values, no definitely lost blocks (tests/valgrind.supp explains the two suppressed reports, neither in our code).
# Ends with "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
log=$(mktemp)
valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=9 --suppressions="$root/tests/valgrind.supp" \
  "$root/out/bin/aicp-host" "$root/out/AiCoPilot.vst3" --midi "$root/examples/phrase.mid" --realtime --tail 20 > "$log.json" 2> "$log"
rc=$?
grep -E "ERROR SUMMARY|definitely lost" "$log"
grep -E "suggested_notes|stuck_notes|engine_status" "$log.json"
if [ "$rc" = 0 ] && grep -q '"stuck_notes": 0' "$log.json"; then echo "1 passed, 0 failed"; else grep -A12 "Invalid\|uninitialised\|definitely" "$log" | head -60; echo "0 passed, 1 failed"; fi
rm -f "$log" "$log.json"
