#!/usr/bin/env bash
# Plug-in figures of docs/benchmarks.md, measured with the project's host on the real bundle.
#   bench/plugin_bench.sh [--callgrind]
# Needs ./build.sh first, python3-mido, and valgrind for --callgrind.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
host=$root/out/bin/aicp-host
bundle=$root/out/AiCoPilot.vst3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$root/bench/make_bench_midi.py" "$work"
field() { /usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }

echo "process() time as a fraction of the block period, 48 kHz, 16 preview voices sounding (dense.mid, real time;"
echo "the audio thread as a DAW's: SCHED_FIFO when permitted, pinned to its own core):"
echo "(machine: a fixed workload of about process()'s size, timed the same way right after it: the machine's own share)"
printf "%-6s %-10s %-10s %-10s %-10s %-12s %-8s %-6s %-6s %-4s\n" block p50 p99 p99.9 max machine-p99.9 allocs stuck fifo cpu
for block in 32 128 512; do
  "$host" "$bundle" --midi "$work/dense.mid" --block "$block" --realtime --tail 14 --param mode=0 > "$work/r$block.json"
  printf "%-6s %-10s %-10s %-10s %-10s %-12s %-8s %-6s %-6s %-4s\n" "$block" $(field "$work/r$block.json" process_fraction_p50) \
    $(field "$work/r$block.json" process_fraction_p99) $(field "$work/r$block.json" process_fraction_p999) \
    $(field "$work/r$block.json" process_fraction_max) $(field "$work/r$block.json" machine_fraction_p999) \
    $(field "$work/r$block.json" audio_thread_allocations) \
    $(field "$work/r$block.json" stuck_notes) $(field "$work/r$block.json" audio_thread_sched_fifo) \
    $(field "$work/r$block.json" audio_thread_cpu)
done

echo
echo "phrase end to first suggested note (12 phrases, real time, block 128):"
"$host" "$bundle" --midi "$work/phrases.mid" --block 128 --realtime --tail 2 > "$work/latency.json"
echo "  p50 $(field "$work/latency.json" first_note_latency_ms_p50) ms, p99 $(field "$work/latency.json" first_note_latency_ms_p99) ms, phrases $(field "$work/latency.json" phrases_answered)"
echo "  instantiation $(field "$work/latency.json" instantiate_ms) ms per instance"

echo
echo "resident memory per extra instance:"
rss() { /usr/bin/time -f "%M" "$host" "$bundle" --midi "$work/phrases.mid" --instances "$1" --tail 1 2>&1 >/dev/null | tail -1; }
one=$(rss 1); nine=$(rss 9)
echo "  1 instance: ${one} KiB, 9 instances: ${nine} KiB, per extra instance: $(( (nine - one) / 8 )) KiB"

if [ "${1:-}" = "--callgrind" ]; then
  echo
  # The whole call the host makes: the VST3 adapter (reading the host's lists into the core's view, the output back) and
  # the real-time core.
  echo "instructions per process() call (callgrind, block 128, dense.mid):"
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" --toggle-collect='*Plugin::process(*' \
    "$host" "$bundle" --midi "$work/dense.mid" --block 128 --tail 14 > "$work/cg.json" 2>/dev/null
  total=$(callgrind_annotate "$work/cg.out" 2>/dev/null | grep -E "PROGRAM TOTALS" | awk '{gsub(",","",$1); print $1}')
  calls=$(field "$work/cg.json" process_calls)
  echo "  $total instructions over $calls calls: $(( total / calls )) per call"
fi
