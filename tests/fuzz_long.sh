#!/usr/bin/env bash
# The long fuzz runs (the test run does a bounded number of the same cases): 1,000,000 Standard MIDI File inputs
# (mutated real and generated files) through the reader, converter and tokenizer, and 100,000 mutated saved states
# through the real plug-in. Needs ./build.sh first. Prints each fuzzer's figures; docs/reliability.md keeps them.
#   tests/fuzz_long.sh [SMF_CASES] [STATE_CASES]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
smf_cases=${1:-1000000}
state_cases=${2:-100000}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
passed=0; failed=0

echo "== SMF reader: $smf_cases inputs"
log=$(mktemp)
AICOPILOT_FUZZ_SMF_CASES=$smf_cases dotnet test "$root/tests/Engine.Tests" -c Release --nologo \
  --filter "FullyQualifiedName~SmfFuzzTests.Mutated_and_generated" --logger "console;verbosity=detailed" > "$log" 2>&1
rc=$?
grep -E "smf fuzz:|Assert|Exception" "$log" | head -20
if [ "$rc" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); tail -40 "$log"; fi

echo "== saved states through the real plug-in: $state_cases states"
AICOPILOT_FUZZ_STATES=$state_cases "$root/build/tests/native/aicp_native_tests" \
  --gtest_filter='Plugin.MutatedStatesThroughTheRealPluginNeverCrashOrHalfApply' > "$log" 2>&1
rc=$?
grep -E "state fuzz:|Failure|Expected|Which is" "$log" | head -20
if [ "$rc" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); tail -40 "$log"; fi
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
