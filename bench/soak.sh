#!/usr/bin/env bash
# Soak: 8 instances in one process, in real time, fed random phrases, chords, sustain, tempo changes, and a looping
# transport (a jump every loop). Reports process() percentiles, audio-thread allocations, stuck notes, every suggested
# note-on against the host's sixteenth grid, resident memory growth and CPU. Ends with "N passed, N failed" for its
# targets.
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
[ "$(field audio_thread_locks_waits_and_writes)" = 0 ]; check $? "no lock, wait, sleep or write on the audio thread"
[ "$(field stuck_notes)" = 0 ]; check $? "no stuck notes"
[ "$(field grid_note_ons)" -gt 0 ] && [ "$(field grid_off_note_ons)" = 0 ]
check $? "every suggested note-on on the host's sixteenth grid ($(field grid_note_ons) checked, $(field grid_off_note_ons) off, errors $(field grid_error_min_samples) to $(field grid_error_max_samples) samples; $(field dropped_late) note-ons came after their time and were dropped)"
echo "  memory every ${every} s (seconds, resident KiB, learned style KiB, managed heap MiB, GC committed MiB, native heap in use KiB, native heap held KiB, managed heap live after the last full collection MiB, managed MiB allocated since start, full collections, total collection pause ms, learned style allocated KiB):"
sed 's/^/    /' "$work/memory.txt"
[ -n "${SOAK_KEEP:-}" ] && cp "$work/memory.txt" "$SOAK_KEEP"
# Growth is judged from half time (instances, model, pools and heaps are warm by then) or, if later, from when the
# learned style models' arrays stopped growing (and five more minutes): the styles are user data that grow by design
# up to their limits (65,536 contexts and 131,072 followers an instance, about 9 MB), and each doubling of their
# arrays also churns the managed heap. What the styles learn after that still fills those arrays (the system backs
# a page when it is first written), so the growth of what they fill is subtracted. The window must be 15 minutes or
# more to judge.
read -r verdict per_hour window_s < <(/usr/bin/python3 - "$work/memory.txt" <<'PY'
import sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
if len(rows) < 3:
    print("none 0 0"); sys.exit()
end = rows[-1]
allocated = 11  # the column of the styles' arrays
settled = next(i for i in range(len(rows)) if all(r[allocated] == end[allocated] for r in rows[i:]))
half = min(range(len(rows)), key=lambda i: abs(rows[i][0] - end[0] / 2))
# Five minutes after the arrays' last growth, for the heap to collect what their last resize left behind; arrays that
# have not kept still that long count as still growing.
calm = next((i for i in range(settled, len(rows)) if rows[i][0] >= rows[settled][0] + 300), None)
at_limit = calm is not None and calm < len(rows) - 1
first = rows[max(half, calm)] if at_limit else rows[half]
span = max(1.0, end[0] - first[0])
growth = end[1] - first[1]
style = end[2] - first[2]
print("some", int((growth - style) * 3600 / span), int(span))
how = (f"the learned styles' arrays at their size from {rows[settled][0]:.0f} s, what they fill {style:+.0f} KiB, subtracted"
       if at_limit else f"the learned styles' arrays still growing: what they fill, {style:+.0f} KiB, subtracted")
print(f"  judged from {first[0]:.0f} s to {end[0]:.0f} s ({how}): resident {first[1]:.0f} -> {end[1]:.0f} KiB ({growth:+.0f}); "
      f"managed heap {first[3]:.0f} -> {end[3]:.0f} MiB, GC committed {first[4]:.0f} -> {end[4]:.0f} MiB", file=sys.stderr)
if len(first) > 6 and len(end) > 6:
    print(f"  native heap: in use {first[5]:.0f} -> {end[5]:.0f} KiB, held {first[6]:.0f} -> {end[6]:.0f} KiB", file=sys.stderr)
if len(first) > 7 and len(end) > 7:
    print(f"  managed heap live after a full collection: {first[7]:.1f} -> {end[7]:.1f} MiB", file=sys.stderr)
PY
)
if [ "$verdict" = some ]; then
  echo "  resident memory growth, the learned style's aside: about ${per_hour} KiB per hour over $(( window_s / 60 )) minutes"
  # Only a long window can judge growth per hour (the first minutes include heaps and arenas finding their size);
  # short runs (CI's 2 minutes) report the figure without judging it.
  if [ "$window_s" -ge 900 ]; then [ "$per_hour" -lt 1024 ]; check $? "resident memory growth under 1 MB per hour"; fi
fi
echo "  CPU used by the whole process: $(( ${cpu:-0} / 100 )) s over about $(( minutes * 60 )) s of music (8 instances)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
