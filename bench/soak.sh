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
"$root/out/bin/aicp-host" "$root/out/AiCoPilot.vst3" --midi "$work/soak.mid" --instances 8 --block 256 --realtime \
  --loop 0:400 --tail 4 > "$work/report.json" &
pid=$!
rss_first="" rss_last="" samples=0
while kill -0 "$pid" 2>/dev/null; do
  sleep 10
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null) || break
  [ -z "$rss" ] && break
  samples=$((samples + 1))
  # The baseline is taken at half time (at least 30 s in): by then instances, model, pools and heaps are warm.
  [ "$samples" = "$(( minutes * 3 > 3 ? minutes * 3 : 3 ))" ] && { rss_first=$rss; first_sample=$samples; }
  rss_last=$rss
  cpu=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null)
done
wait "$pid"; rc=$?
cat "$work/report.json"
field() { /usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$work/report.json" "$1"; }
passed=0; failed=0
check() { if [ "$1" = 0 ]; then echo "  ok: $2"; passed=$((passed + 1)); else echo "  FAILED: $2"; failed=$((failed + 1)); fi; }
[ "$rc" = 0 ]; check $? "the host ran to the end"
[ "$(field audio_thread_allocations)" = 0 ]; check $? "no allocation on the audio thread"
[ "$(field stuck_notes)" = 0 ]; check $? "no stuck notes"
if [ -n "$rss_first" ]; then
  growth=$((rss_last - rss_first))
  span=$(( (samples - first_sample) * 10 ))
  per_hour=$(( span > 0 ? growth * 3600 / span : 0 ))
  echo "  resident memory: ${rss_first} KiB at half time, ${rss_last} KiB at the end: ${growth} KiB over ${span} s, about ${per_hour} KiB per hour"
  # Only a long run can judge growth per hour (the first minutes include heaps and arenas finding their size);
  # short runs (CI's 2 minutes) report the figure without judging it.
  if [ "$minutes" -ge 30 ]; then [ "$per_hour" -lt 1024 ]; check $? "resident memory growth under 1 MB per hour"; fi
fi
echo "  CPU used by the whole process: $(( ${cpu:-0} / 100 )) s over about $(( minutes * 60 )) s of music (8 instances)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
