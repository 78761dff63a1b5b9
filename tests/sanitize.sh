#!/usr/bin/env bash
# The wrapper's unit tests under AddressSanitizer + UndefinedBehaviorSanitizer, and the rings under ThreadSanitizer
# (gcc). Tests that load the real bundle or its engine library in-process are left out here: the NativeAOT runtime inside it is not built
# with the sanitizers. Ends with "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
passed=0; failed=0
# Configures and builds DIR with the CMake options $2 and the target $3; a failed build counts as a failure.
build() {
  cmake -S "$root" -B "$1" -DCMAKE_BUILD_TYPE=RelWithDebInfo $2 >/dev/null && cmake --build "$1" -j"$(nproc)" --target "$3" >/dev/null ||
    { echo "   build failed"; failed=$((failed + 1)); return 1; }
}
# Runs the test binary $5 of DIR $2 with the gtest filter $3 ($4: the CMake options it was built with).
run() {
  local name=$1 dir=$2 filter=$3
  echo "== $name"
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
# The unit tier: every suite but those tests/native/CMakeLists.txt lists as loading the bundle.
build "$root/build-asan" "-DAICP_SANITIZE=ON" aicp_native_tests &&
  run "ASan + UBSan: the native unit tier (rings, state, parameters, scheduler, synth, layout...)" "$root/build-asan" \
    "-$(cat "$root/build-asan/tests/native/bundle_suites.filter")" "-DAICP_SANITIZE=ON" aicp_native_tests
build "$root/build-tsan" "-DAICP_TSAN=ON" aicp_ring_tsan &&
  run "TSan: the ring between two threads" "$root/build-tsan" "*" "-DAICP_TSAN=ON" aicp_ring_tsan
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
