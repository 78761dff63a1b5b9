#!/usr/bin/env bash
# The candidate pool's speed (docs/benchmarks.md, issue 16), on the shipped model, one thread:
#   bench/pool_bench.sh [--callgrind]        (needs ./build.sh)
# Wall clock: the model alone (one stream, a batch of 16 rows) and 32 candidates of 4 bars as the plug-in writes them,
# one after another and 16 side by side. With --callgrind: instructions per token inside the generator (one after
# another: ContinuationGenerator.TryNext) and inside the pool's step (side by side: PoolWriter.Step, the batch run
# included), which repeat exactly on a noisy machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
out/bin/aicopilot poolbench --model models/aicopilot.onnx --rows 16 --pool 32 --repeats 5
if [ "${1:-}" = "--callgrind" ]; then
  # Valgrind cannot read the DWARF 5 of NativeAOT's .dbg file: a copy that keeps its symbol table, no debug sections.
  # (touched so the native link runs again: an earlier stripped link would otherwise be reused)
  touch src/Cli/PoolBenchCommand.cs
  dotnet publish src/Cli -c Release -r linux-x64 -p:PublishAot=true -p:StripSymbols=false -o "$work/cli" --nologo -v quiet >/dev/null
  objcopy --strip-debug --remove-section=.gnu_debuglink "$work/cli/aicopilot" "$work/cli/aicopilot-symbols"
  cli="$work/cli/aicopilot-symbols"
  count() {  # $1 function to collect in, $2 part of poolbench, $3 its line that counts the tokens
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" --toggle-collect="$1" \
      "$cli" poolbench --model models/aicopilot.onnx --rows 16 --pool 16 --repeats 1 --part "$2" > "$work/pb.txt" 2>/dev/null
    local total tokens
    total=$(callgrind_annotate "$work/cg.out" 2>/dev/null | grep -E "PROGRAM TOTALS" | awk '{gsub(",","",$1); print $1}')
    tokens=$(awk -v k="$3" '$1 == k {print $2}' "$work/pb.txt")
    echo "  $2: $total instructions over $tokens tokens: $(( total / tokens )) per token"
  }
  echo "instructions per generated token (callgrind; sampling and the style blend included):"
  count 'AiCoPilot_Engine_AiCoPilot_Engine_Generation_ContinuationGenerator__Advance' one-by-one pool_one_by_one_tokens
  count 'AiCoPilot_Engine_AiCoPilot_Engine_Generation_Pool_PoolWriter__Step' batched pool_batched_tokens
fi
