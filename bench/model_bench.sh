#!/usr/bin/env bash
# Figures of the neural model (docs/benchmarks.md), on the real bundle and the shipped model:
#   bench/model_bench.sh [--callgrind]      (needs ./build.sh, python3-mido; ../shared/data for the eval part)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
field() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d[sys.argv[2]])" "$1" "$2"; }
/usr/bin/python3 bench/make_bench_midi.py "$work"
ls -l models/aicopilot.onnx | awk '{printf "model file: %.2f MB\n", $5 / 1048576}'

echo "generation with the model blended with the style model, one thread (eval sampling, 20 validation songs):"
if [ -d ../shared/data/pop909/valid ]; then
  out/bin/aicopilot eval ../shared/data/pop909/valid --limit 20 --json > "$work/eval.json" 2>/dev/null
  echo "  $(field "$work/eval.json" tokens_per_second) tokens/s; first note $(field "$work/eval.json" first_token_ms) ms after a cold 8-bar prompt; a whole 4-bar continuation $(field "$work/eval.json" continuation_ms) ms"
fi

echo "in the plug-in (real time, block 128, 12 phrases):"
out/bin/aicp-host out/AiCoPilot.vst3 --midi "$work/phrases.mid" --block 128 --realtime --tail 2 > "$work/live.json"
echo "  phrase end to first suggested note: p50 $(field "$work/live.json" first_note_latency_ms_p50) ms, p99 $(field "$work/live.json" first_note_latency_ms_p99) ms"
echo "  instantiation $(field "$work/live.json" instantiate_ms) ms; engine: $(field "$work/live.json" engine_status)"

if [ "${1:-}" = "--callgrind" ] && [ -d ../shared/data/pop909/valid ]; then
  echo "instructions per generated token (callgrind, generator loop only):"
  # Valgrind 3.19 cannot read the DWARF 5 of NativeAOT's .dbg file: build a copy that keeps its symbol table and no
  # debug sections, so the toggle below finds the generator by name.
  touch src/Cli/PoolBenchCommand.cs  # so the native link runs again (an earlier stripped link would be reused)
  dotnet publish src/Cli -c Release -r linux-x64 -p:PublishAot=true -p:StripSymbols=false -o "$work/cli" --nologo -v quiet >/dev/null
  objcopy --strip-debug --remove-section=.gnu_debuglink "$work/cli/aicopilot" "$work/cli/aicopilot-symbols"
  cli="$work/cli/aicopilot-symbols"
  fn='AiCoPilot_Engine_AiCoPilot_Engine_Generation_ContinuationGenerator__Advance'  # TryNext is inlined; it calls Advance
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" --toggle-collect="$fn" \
    "$cli" eval ../shared/data/pop909/valid --limit 1 --continuations 4 --index none --json > "$work/cg.json" 2>/dev/null
  total=$(callgrind_annotate "$work/cg.out" 2>/dev/null | grep -E "PROGRAM TOTALS" | awk '{gsub(",","",$1); print $1}')
  tokens=$(field "$work/cg.json" generated_tokens)
  [ -n "$total" ] && [ "${tokens:-0}" -gt 0 ] 2>/dev/null && echo "  neural + style: $total instructions over $tokens tokens: $(( total / tokens )) per token (prompts are read in Begin, outside this count)" || echo "  neural + style: not measured (callgrind output missing)"
  echo "  of which memcpy (the version 1 graph copied its whole key/value cache every step: 42%): $(callgrind_annotate "$work/cg.out" 2>/dev/null | grep -m1 -E "memcpy|memmove" | awk '{print $2}')"
  valgrind --tool=callgrind --callgrind-out-file="$work/cg2.out" --toggle-collect="$fn" \
    "$cli" continue examples/phrase.mid -o "$work/c.mid" --variations 16 --bars 8 > "$work/c.txt" 2>/dev/null
  total2=$(callgrind_annotate "$work/cg2.out" 2>/dev/null | grep -E "PROGRAM TOTALS" | awk '{gsub(",","",$1); print $1}')
  tokens2=$(grep -oE "[0-9]+ tokens" "$work/c.txt" | awk '{s+=$1} END {print s}')
  echo "  style model alone: $total2 instructions over $tokens2 tokens: $(( total2 / tokens2 )) per token"
fi
