#!/usr/bin/env bash
# Soak: 8 instances in one process, in real time, fed random phrases, chords, sustain, tempo changes, and a looping
# transport (a jump every loop). Reports process() percentiles, audio-thread allocations, stuck notes, resident
# memory growth and CPU. Ends with "N passed, N failed" for its targets.
#   bench/soak.sh [MINUTES]   (default 60; CI runs 2)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
minutes=${1:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$root/bench/make_soak_midi.py" "$work/soak.mid" "$minutes"
every=$(( minutes >= 10 ? 60 : 10 ))
"$root/out/bin/aicp-host" "$root/out/AiCoPilot.vst3" --midi "$work/soak.mid" --instances 8 --block 256 --realtime \
  --loop 0:400 --tail 4 --monitor "$work/memory.txt" --monitor-every "$every" > "$work/report.json" &
pid=$!
cpu=0
while kill -0 "$pid" 2>/dev/null; do
  sleep 5
  now=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null) && [ -n "$now" ] && cpu=$now
done
wait "$pid"; rc=$?
cat "$work/report.json"
field() { /usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$work/report.json" "$1"; }
passed=0; failed=0
check() { if [ "$1" = 0 ]; then echo "  ok: $2"; passed=$((passed + 1)); else echo "  FAILED: $2"; failed=$((failed + 1)); fi; }
[ "$rc" = 0 ]; check $? "the host ran to the end"
[ "$(field audio_thread_allocations)" = 0 ]; check $? "no allocation on the audio thread"
[ "$(field stuck_notes)" = 0 ]; check $? "no stuck notes"
echo "  memory every ${every} s (seconds, resident KiB, learned style KiB, managed heap MiB, GC committed MiB, native heap in use KiB, native heap held KiB):"
sed 's/^/    /' "$work/memory.txt"
[ -n "${SOAK_KEEP:-}" ] && cp "$work/memory.txt" "$SOAK_KEEP"
# From half time (by then instances, model, pools and heaps are warm) to the end. The learned style grows by design
# until its limit (65,536 contexts an instance, about 9 MB): it is user data, reported apart from the rest.
read -r verdict per_hour net_per_hour < <(/usr/bin/python3 - "$work/memory.txt" <<'PY'
import sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
if len(rows) < 3:
    print("none 0 0"); sys.exit()
half = min(rows, key=lambda r: abs(r[0] - rows[-1][0] / 2))
end = rows[-1]
span = max(1.0, end[0] - half[0])
growth = end[1] - half[1]
style = end[2] - half[2]
print("some", int(growth * 3600 / span), int((growth - style) * 3600 / span))
print(f"  resident memory: {half[1]:.0f} KiB at {half[0]:.0f} s, {end[1]:.0f} KiB at {end[0]:.0f} s ({growth:+.0f} KiB); "
      f"learned style {half[2]:.0f} -> {end[2]:.0f} KiB; managed heap {half[3]:.0f} -> {end[3]:.0f} MiB, "
      f"GC committed {half[4]:.0f} -> {end[4]:.0f} MiB", file=sys.stderr)
if len(half) > 6 and len(end) > 6:
    print(f"  native heap: in use {half[5]:.0f} -> {end[5]:.0f} KiB, held {half[6]:.0f} -> {end[6]:.0f} KiB", file=sys.stderr)
PY
)
if [ "$verdict" = some ]; then
  echo "  resident memory growth: about ${per_hour} KiB per hour; without the learned style's own growth about ${net_per_hour} KiB per hour"
  # Only a long run can judge growth per hour (the first minutes include heaps and arenas finding their size);
  # short runs (CI's 2 minutes) report the figure without judging it.
  if [ "$minutes" -ge 30 ]; then [ "$net_per_hour" -lt 1024 ]; check $? "resident memory growth, the learned style aside, under 1 MB per hour"; fi
fi
echo "  CPU used by the whole process: $(( ${cpu:-0} / 100 )) s over about $(( minutes * 60 )) s of music (8 instances)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
