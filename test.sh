#!/usr/bin/env bash
# Runs every test suite and ends with one line: "N passed, N failed, N skipped" totalled over all suites.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
passed=0; failed=0; skipped=0
log=$(mktemp)

# Every Debian package the tests need (debian-packages.txt, which setup.sh installs): a missing one is named and
# counted as a failure, and the suites that need it fail too.
echo "== prerequisites (debian-packages.txt)"
missing=0
for package in $(sed -e 's/#.*//' -e '/^\s*$/d' debian-packages.txt | awk '{print $1}'); do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    echo "   missing Debian package: $package (./setup.sh installs it)"; missing=$((missing + 1))
  fi
done
if [ "$missing" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

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
  local f p k
  f=$(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$summary")
  p=$(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$summary")
  k=$(sed -nE 's/.*Skipped: +([0-9]+),.*/\1/p' <<<"$summary"); k=${k:-0}
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + k))
}

# Adds the counts of a ctest run (GoogleTest cases of the wrapper, the host and the real bundle).
ctest_suite() {
  local name=$1 dir=$2; shift 2  # further arguments go to ctest (-L unit)
  echo "== $name"
  (cd "$dir" && ctest --output-on-failure -j1 "$@" 2>&1) | tee "$log" | grep -E "Test +#|tests passed|Failed|\*\*\*" || true
  local summary
  summary=$(grep -E "[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+" "$log" | tail -1)
  if [ -z "$summary" ]; then echo "   $name: no ctest summary"; failed=$((failed + 1)); return; fi
  local f t
  f=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$summary")
  t=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/' <<<"$summary")
  passed=$((passed + t - f)); failed=$((failed + f))
  # What a failing case asserted, so a CI log says which case failed and by how much.
  if [ "$f" != 0 ]; then grep -E -A4 "Failure$" "$log" | head -80; fi
}

# Adds the counts of a script that ends with its own "N passed, N failed" line (", N skipped" may follow).
script_suite() {
  local name=$1; shift
  echo "== $name"
  "$@" 2>&1 | tee "$log"
  local summary
  summary=$(grep -E "^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$" "$log" | tail -1)
  if [ -z "$summary" ]; then echo "   $name: no summary"; failed=$((failed + 1)); return; fi
  passed=$((passed + $(cut -d' ' -f1 <<<"$summary"))); failed=$((failed + $(cut -d' ' -f3 <<<"$summary" | tr -d ,)))
  local k; k=$(sed -nE 's/.* ([0-9]+) skipped$/\1/p' <<<"$summary"); skipped=$((skipped + ${k:-0}))
}

# `./test.sh --quick`: the unit tiers only, for a developer between changes (a few minutes): the engine's xUnit
# tests and the native tests labelled "unit" (no bundle is built, no host runs; the training side needs the built
# command, so it runs in the full suite).
if [ "${1:-}" = "--quick" ]; then
  echo "== build (the native unit tests only)"
  if { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j"$(nproc)" --target aicp_native_tests; } >"$log" 2>&1; then
    ctest_suite "wrapper and host units (GoogleTest, label unit)" build -L unit
  else
    tail -40 "$log"; failed=$((failed + 1))
  fi
  dotnet_suite "engine (xUnit)" tests/Engine.Tests/AiCoPilot.Engine.Tests.csproj
  rm -f "$log"
  echo "$passed passed, $failed failed, $skipped skipped"
  [ "$failed" -eq 0 ]
  exit
fi

echo "== build (Release, bundle not installed)"
if ! ./build.sh --no-install >"$log" 2>&1; then
  tail -40 "$log"
  echo "$passed passed, $((failed + 1)) failed, $skipped skipped"
  exit 1
fi

dotnet_suite "engine (xUnit)" tests/Engine.Tests/AiCoPilot.Engine.Tests.csproj
ctest_suite "wrapper, host and bundle (GoogleTest)" build

script_suite "sanitizers (ASan + UBSan, TSan)" tests/sanitize.sh
script_suite "valgrind memcheck, the real bundle in the host" tests/memcheck.sh
script_suite "soak, 2 minutes (8 instances, real time)" bench/soak.sh 2
script_suite "editor under Xvfb (screenshots, drag and drop)" tests/editor/editor_test.sh
script_suite "Linux packages (.deb, tarball)" installer/linux/test_packages.sh
script_suite "Windows installer and zip (NSIS, installed under Wine)" installer/windows/test_installer.sh
script_suite "other platforms (aarch64 under qemu)" tests/cross/cross_build.sh
script_suite "Windows x64 under Wine (aicp-host.exe on the bundle)" tests/windows/wine_test.sh
script_suite "Windows editor under Wine (HWND, OLE drag out, screenshots)" tests/windows/wine_editor_test.sh
script_suite "training side (Python, Debian's torch)" /usr/bin/python3 training/test_training.py
script_suite "Ardour 7 end to end" tests/e2e/ardour_e2e.sh out/AiCoPilot.vst3
script_suite "Ardour 7 GUI (the editor in Ardour's window, a take dragged onto a track)" tests/e2e/ardour_gui_test.sh out/AiCoPilot.vst3
script_suite "Qtractor through CLAP (a clip played into AiCoPilot.clap, saved and reopened)" tests/clap/qtractor/qtractor_test.sh out/clap/AiCoPilot

rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
