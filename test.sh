#!/usr/bin/env bash
# Runs every test suite and ends with one line: "N passed, N failed" totalled over all suites.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
passed=0; failed=0
log=$(mktemp)

# Adds the counts of a "dotnet test" run; a run that printed no summary (build error) counts as one failure.
dotnet_suite() {
  local name=$1; shift
  echo "== $name"
  dotnet test "$@" -c Release --nologo 2>&1 | tee "$log" | grep -E "^\s*(Failed|Passed|Skipped) |error|Passed!|Failed!" || true
  local summary
  summary=$(grep -E "(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+" "$log" | tail -1)
  if [ -z "$summary" ]; then
    echo "   $name: no test summary (build or run error)"; tail -20 "$log"; failed=$((failed + 1)); return
  fi
  local f p
  f=$(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$summary")
  p=$(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$summary")
  passed=$((passed + p)); failed=$((failed + f))
}

# Adds the counts of a ctest run (GoogleTest cases of the wrapper, the host and the real bundle).
ctest_suite() {
  local name=$1 dir=$2
  echo "== $name"
  (cd "$dir" && ctest --output-on-failure -j1 2>&1) | tee "$log" | grep -E "Test +#|tests passed|Failed|\*\*\*" || true
  local summary
  summary=$(grep -E "[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+" "$log" | tail -1)
  if [ -z "$summary" ]; then echo "   $name: no ctest summary"; failed=$((failed + 1)); return; fi
  local f t
  f=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$summary")
  t=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/' <<<"$summary")
  passed=$((passed + t - f)); failed=$((failed + f))
}

echo "== build (Release, bundle not installed)"
if ! ./build.sh --no-install >"$log" 2>&1; then
  tail -40 "$log"
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet_suite "engine (xUnit)" tests/Engine.Tests/AiCoPilot.Engine.Tests.csproj
ctest_suite "wrapper, host and bundle (GoogleTest)" build

# Adds the counts of a script that ends with its own "N passed, N failed" line.
script_suite() {
  local name=$1; shift
  echo "== $name"
  "$@" 2>&1 | tee "$log"
  local summary
  summary=$(grep -E "^[0-9]+ passed, [0-9]+ failed$" "$log" | tail -1)
  if [ -z "$summary" ]; then echo "   $name: no summary"; failed=$((failed + 1)); return; fi
  passed=$((passed + $(cut -d' ' -f1 <<<"$summary"))); failed=$((failed + $(cut -d' ' -f3 <<<"$summary")))
}

script_suite "sanitizers (ASan + UBSan, TSan)" tests/sanitize.sh
script_suite "valgrind memcheck, the real bundle in the host" tests/memcheck.sh
script_suite "soak, 2 minutes (8 instances, real time)" bench/soak.sh 2
script_suite "editor under Xvfb (screenshots, drag and drop)" tests/editor/editor_test.sh
script_suite "Linux packages (.deb, tarball)" installer/linux/test_packages.sh
script_suite "training side (Python, Debian's torch)" /usr/bin/python3 training/test_training.py
script_suite "Ardour 7 end to end" tests/e2e/ardour_e2e.sh out/AiCoPilot.vst3

rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
