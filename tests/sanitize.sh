#!/usr/bin/env bash
# The wrapper's unit tests under AddressSanitizer + UndefinedBehaviorSanitizer, and the rings under ThreadSanitizer
# (gcc). Tests that load the real bundle or its engine library in-process are left out here: the NativeAOT runtime inside it is not built
# with the sanitizers. Ends with "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
passed=0; failed=0
run() {
  local name=$1 dir=$2 filter=$3
  echo "== $name"
  if ! cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo $4 >/dev/null || ! cmake --build "$dir" -j"$(nproc)" --target "$5" >/dev/null; then
    echo "   build failed"; failed=$((failed + 1)); return
  fi
  local out rc
  out=$(ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 TSAN_OPTIONS=halt_on_error=1 \
        "$dir/tests/native/$5" --gtest_filter="$filter" 2>&1)
  rc=$?
  echo "$out" | grep -E "^\[  (PASSED|FAILED)|ERROR: |runtime error|WARNING: ThreadSanitizer|invalid pointer" | head -20
  local p f
  p=$(grep -oE "^\[  PASSED  \] [0-9]+" <<<"$out" | grep -oE "[0-9]+$")
  f=$(grep -oE "^\[  FAILED  \] [0-9]+ test" <<<"$out" | grep -oE "[0-9]+")
  # A crash, a sanitizer report or a missing summary is one more failure.
  if [ "$rc" != 0 ] && [ -z "$f" ] || [ -z "$p" ] || grep -qE "ERROR: (Address|Leak)Sanitizer|runtime error|WARNING: ThreadSanitizer" <<<"$out"; then
    f=$(( ${f:-0} + 1 ))
  fi
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
}
run "ASan + UBSan: rings, state, parameters, scheduler, synth, layout" "$root/build-asan" "-Plugin.*:BothSampleSizes/Validator.*:ValidatorScan.*:AbiLayout.EngineLibrary*:AbiResults.*:EngineRings.*:SavedProjects.*:AudioThreadCounters.*" "-DAICP_SANITIZE=ON" aicp_native_tests
run "TSan: the ring between two threads" "$root/build-tsan" "*" "-DAICP_TSAN=ON" aicp_ring_tsan
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
