#!/usr/bin/env bash
# The Windows x64 build run under Wine, headless, in a private Wine prefix made here and removed at exit: the bundle
# out/win/AiCoPilot.vst3 and out/win/bin/aicp-host.exe that ./build.sh builds with mingw-w64 and NativeAOT + lld-link.
#   - the audio-thread counter on Windows (import tables patched) counts exactly what a probe DLL does on the marked
#     thread and nothing else (src/Host/counting_test, built here with mingw-w64), so the zeros below mean something;
#   - a phrase (examples/phrase.mid) in real time: the neural model answers ("model ready"), every suggested note-on on
#     the host's sixteenth grid, nothing stuck, no allocation, lock, wait or write on the audio thread; the state saved
#     and loaded into a fresh instance (--reload-state): every parameter, two set with --param, and the learned style
#     come back;
#   - play-along: a melody (examples/melody.mid) with Play along on: chords arrive on channel 16, none late;
#   - the CLAP build (out/win/clap/AiCoPilot) in aicp-host.exe --clap: it answers on the grid with its model, nothing
#     allocated or locked on the audio thread, its state reloaded;
#   - bad input: the bundle without onnxruntime.dll, and without its model, still answers, with "style model only"
#     in the engine status and in the log; a damaged state is refused with its reason (the log) and loads defaults.
# The figures printed (first note after a phrase, process() over the block period) are Wine figures on this Linux
# machine, not Windows figures.
# Needs: ./build.sh run (out/win), wine64 (/usr/lib/wine/wine64), g++-mingw-w64-x86-64, python3.
# Ends with "N passed, N failed"; exits non-zero on a failure.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
wine=/usr/lib/wine/wine64
wineserver=/usr/lib/wine/wineserver
host=$root/out/win/bin/aicp-host.exe
bundle=$root/out/win/AiCoPilot.vst3
work=$(mktemp -d)
export WINEPREFIX=$work/prefix WINEDEBUG=-all
unset DISPLAY WAYLAND_DISPLAY
cleanup() {
  [ -x "$wineserver" ] && "$wineserver" -k 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
passed=0; failed=0
check() { if [ "$1" = 0 ]; then echo "  ok: $2"; passed=$((passed + 1)); else echo "  FAILED: $2"; failed=$((failed + 1)); fi; }
finish() { echo "$passed passed, $failed failed"; [ "$failed" = 0 ]; exit; }
win() { local p=$1; printf 'Z:%s' "${p//\//\\}"; }  # Linux's / is drive Z:
started=$(date +%s)

if [ ! -x "$wine" ]; then check 1 "wine64 is installed (apt-get install wine64)"; finish; fi
for f in "$host" "$bundle/Contents/x86_64-win/AiCoPilot.vst3" "$bundle/Contents/x86_64-win/AiCoPilotEngine.dll"; do
  [ -f "$f" ] || { check 1 "$f exists (run ./build.sh)"; finish; }
done

# A report's value: a Python expression over the report `r` of a run (NAME.json); empty when the report is unreadable.
get() { python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$work/$1.json" "$2" 2>/dev/null; }
is() { [ "$(get "$1" "$2")" = True ]; }
# Runs aicp-host.exe under Wine: the report in NAME.json, its stderr in NAME.err; the lines the plug-in added to its
# log (%LOCALAPPDATA%\AiCoPilot\aicopilot.log in the prefix) in NAME.log.
log_file() { find "$WINEPREFIX/drive_c/users" -name aicopilot.log 2>/dev/null | head -1; }
run_host() {
  local name=$1; shift
  local log before=0 t0=$SECONDS
  log=$(log_file); [ -n "$log" ] && before=$(wc -l <"$log")
  timeout 300 "$wine" "$host" "$@" >"$work/$name.json" 2>"$work/$name.err"
  local rc=$?
  log=$(log_file); [ -n "$log" ] && tail -n +"$((before + 1))" "$log" >"$work/$name.log" || : >"$work/$name.log"
  echo "  ($name: aicp-host.exe exited $rc after $((SECONDS - t0)) s)"
  [ "$rc" = 0 ] || { tail -5 "$work/$name.err"; tail -5 "$work/$name.json"; }
  return "$rc"
}

echo "== Wine prefix (private, headless)"
"$wine" wineboot -i >"$work/wineboot.log" 2>&1
check $? "a private Wine prefix starts ($("$wine" --version 2>/dev/null), $((SECONDS)) s)"

echo "== the audio-thread counter on Windows: import tables patched, checked on a probe DLL"
mkdir -p "$work/probe" "$work/bin"
# -O0 -fno-builtin: every call in the probe is one call through its import table.
x86_64-w64-mingw32-g++-posix -std=c++17 -O0 -fno-builtin -shared -static -static-libgcc -static-libstdc++ \
  -o "$work/probe/aicp_count_probe.dll" "$root/src/Host/counting_test/probe.cpp" >"$work/probe.log" 2>&1 &&
  cp "$work/probe/aicp_count_probe.dll" "$work/probe/aicp_count_probe_b.dll" &&
  x86_64-w64-mingw32-g++-posix -std=c++17 -O2 -static -I"$root/src/Host" -o "$work/bin/aicp-count-test.exe" \
    "$root/src/Host/counting_test/count_test.cpp" "$root/src/Host/alloc_counter_windows.cpp" -lpsapi >>"$work/probe.log" 2>&1
check $? "the probe DLL and the counting test build with mingw-w64" || tail -5 "$work/probe.log"
timeout 120 "$wine" "$work/bin/aicp-count-test.exe" "$(win "$work/probe")" "$(win "$work/probe/scratch.txt")" >"$work/count.out" 2>&1
count_rc=$?
while IFS= read -r line; do
  case $line in
    "ok: "*) check 0 "${line#ok: }" ;;
    "FAILED: "*) check 1 "${line#FAILED: }" ;;
    "info: "*) echo "  ${line#info: }" ;;
  esac
done <"$work/count.out"
grep -q "^0 failed" "$work/count.out" && [ "$count_rc" = 0 ]
check $? "the counting test ran to its end (exit $count_rc)"

echo "== a phrase in real time, the neural model, the state saved and reloaded"
run_host phrase "$(win "$bundle")" --midi "$(win "$root/examples/phrase.mid")" --realtime --tail 4 --instances 4 \
  --wait-for-model 90 --param temperature=0.85 --param key_lock=1 --reload-state --state-out "$(win "$work/state.bin")"
check $? "aicp-host.exe loads the bundle under Wine (LoadLibraryW, InitDll, GetPluginFactory) and plays the phrase"
is phrase 'r["engine_model_state"] == "ready"'
check $? "the neural model loaded (waited $(get phrase 'round(r["model_wait_ms"])') ms): $(get phrase 'r["engine_status"].split(";")[0]')"
is phrase 'r["notes_in"] == 29 and r["phrases_answered"] == 4 and r["engine_phrases_answered"] == 4 and r["suggested_notes"] > 4 * 3'
check $? "each of 4 instances answers the phrase (the engines' figures say so too): $(get phrase 'r["suggested_notes"]') notes suggested on channel 16"
is phrase 'r["grid_note_ons"] == r["suggested_notes"] and r["grid_off_note_ons"] == 0'
check $? "every suggested note-on on the host's sixteenth grid ($(get phrase 'r["grid_note_ons"]') checked, $(get phrase 'r["grid_off_note_ons"]') off)"
is phrase 'r["stuck_notes"] == 0 and r["live_instances_after"] == 0'
check $? "no stuck notes, no instance left alive"
is phrase 'r["audio_thread_allocations"] == 0 and r["audio_thread_locks_waits_and_writes"] == 0'
check $? "the audio thread allocates nothing and never locks, waits or writes ($(get phrase 'r["process_calls"]') process() calls)"
is phrase '{"AiCoPilot.vst3", "AiCoPilotEngine.dll"} <= set(r["counted_modules"]) and r["counted_functions_called"] > 0'
check $? "counted through the patched imports of $(get phrase '", ".join(r["counted_modules"])') ($(get phrase 'r["counted_imports"]') slots; $(get phrase 'r["counted_functions_called"]') of the functions behind them called during the run, on any thread)"
is phrase 'r["reload_state"]["set_state_result"] == 0 and r["reload_state"]["component_state_bytes"] > 0 and r["reload_state"]["parameters_equal"]'
check $? "state reloaded into a fresh instance: $(get phrase 'r["reload_state"]["component_state_bytes"]') bytes, all $(get phrase 'r["reload_state"]["parameters_compared"]') parameters equal"
is phrase 'r["reload_state"]["requested_params_back"] and r["reload_state"]["requested_params_after"] == {"temperature": 0.85, "key_lock": 1}'
check $? "the parameters set with --param came back: $(get phrase 'r["reload_state"]["requested_params_after"]')"
is phrase 'r["reload_state"]["style_kib_before"] > 0 and r["reload_state"]["style_kib_after"] == r["reload_state"]["style_kib_before"] and r["reload_state"]["style_contexts_after"] == r["reload_state"]["style_contexts_before"]'
check $? "the learned style came back: $(get phrase 'r["reload_state"]["style_kib_before"]') KiB, $(get phrase 'int(r["reload_state"]["style_contexts_before"])') contexts before and $(get phrase 'r["reload_state"]["style_kib_after"]') KiB, $(get phrase 'int(r["reload_state"]["style_contexts_after"])') after"

echo "== play-along: a melody with Play along on (Chords + bass), answers on demand"
run_host playalong "$(win "$bundle")" --midi "$(win "$root/examples/melody.mid")" --speed 2 --tail 3 --wait-for-model 90 \
  --param play_along=2 --param answer=0 --param commit_ahead=0.5
check $? "aicp-host.exe plays the melody"
is playalong 'r["chords_played"] >= 6 and r["engine_chords_played"] > 0 and r["chords_late"] == 0 and r["suggested_notes"] > 0 and r["phrases_answered"] == 0'
check $? "play-along chords arrive on channel 16 while the melody plays: $(get playalong 'r["chords_played"]') chords ($(get playalong 'r["suggested_notes"]') notes), $(get playalong 'r["chords_late"]') late, lead p1 $(get playalong 'round(r["chord_lead_ms_p1"], 1)') ms"
is playalong 'r["grid_off_note_ons"] == 0 and r["stuck_notes"] == 0 and r["audio_thread_allocations"] == 0 and r["audio_thread_locks_waits_and_writes"] == 0'
check $? "the chords on the grid, nothing stuck, nothing allocated, locked, waited or written on the audio thread"

echo "== the CLAP build (out/win/clap/AiCoPilot): a phrase in real time, the state saved and reloaded"
clap=$root/out/win/clap/AiCoPilot/Contents/x86_64-win/AiCoPilot.clap
if [ -f "$clap" ]; then
  run_host clap --clap "$(win "$clap")" --midi "$(win "$root/examples/phrase.mid")" --realtime --tail 4 --wait-for-model 90 \
    --param bars=2 --reload-state
  check $? "aicp-host.exe loads AiCoPilot.clap under Wine (clap_entry, the plug-in factory) and plays the phrase"
  is clap 'r["engine_model_state"] == "ready" and r["phrases_answered"] == 1 and r["suggested_notes"] > 0'
  check $? "the CLAP's engine finds its model beside it and answers: $(get clap 'r["suggested_notes"]') notes, $(get clap 'r["engine_status"].split(";")[0]')"
  is clap 'r["grid_note_ons"] == r["suggested_notes"] and r["grid_off_note_ons"] == 0 and r["stuck_notes"] == 0'
  check $? "every note-on on the host's sixteenth grid ($(get clap 'r["grid_note_ons"]') checked), nothing stuck"
  is clap 'r["audio_thread_allocations"] == 0 and r["audio_thread_locks_waits_and_writes"] == 0 and r["clap"]["out_of_order_events"] == 0'
  check $? "the audio thread allocates nothing and never locks, waits or writes; events go out in time order"
  is clap 'r["reload_state"]["set_state_result"] == 0 and r["reload_state"]["parameters_equal"] and r["reload_state"]["requested_params_after"] == {"bars": 2}'
  check $? "the state (clap.state) reloaded into a fresh instance: all $(get clap 'r["reload_state"]["parameters_compared"]') parameters equal, bars still 2"
else
  check 1 "$clap exists (run ./build.sh)"
fi

echo "== bad input: no onnxruntime.dll, no model, a damaged state"
# Copies of the bundle (hard links) with one file taken out.
cp -al "$bundle" "$work/no-ort.vst3" && rm "$work/no-ort.vst3/Contents/x86_64-win/onnxruntime.dll"
mkdir -p "$work/no-model" && cp -al "$bundle" "$work/no-model/AiCoPilot.vst3" && rm "$work/no-model/AiCoPilot.vst3/Contents/Resources/aicopilot.onnx"
python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[len(b) // 2] ^= 0xFF; open(sys.argv[2], "wb").write(b)' \
  "$work/state.bin" "$work/damaged.bin" 2>/dev/null
check $? "a damaged copy of the saved state (one byte flipped in the middle)"
mkdir -p "$work/no-ort" && mv "$work/no-ort.vst3" "$work/no-ort/AiCoPilot.vst3"
run_host no-ort "$(win "$work/no-ort/AiCoPilot.vst3")" --midi "$(win "$root/examples/phrase.mid")" --speed 4 --tail 6 --wait-for-model 90
check $? "without onnxruntime.dll the bundle loads"
grep -q "style model only" "$work/no-ort.log"; in_log=$?
is no-ort 'r["engine_model_state"] == "style_only" and r["engine_status"].startswith("style model only") and r["suggested_notes"] > 0 and r["stuck_notes"] == 0'
check $(( $? + in_log )) "without onnxruntime.dll it still answers ($(get no-ort 'r["suggested_notes"]') notes), status and log say: $(grep -m1 "style model only" "$work/no-ort.log" | cut -c21- | head -c 200)"
run_host no-model "$(win "$work/no-model/AiCoPilot.vst3")" --midi "$(win "$root/examples/phrase.mid")" --speed 4 --tail 6 \
  --wait-for-model 90 --param temperature=0.85 --reload-state --state-in "$(win "$work/damaged.bin")"
check $? "without its model the bundle loads"
grep -q "style model only" "$work/no-model.log"; in_log=$?
is no-model 'r["engine_model_state"] == "style_only" and r["engine_status"].startswith("style model only") and r["suggested_notes"] > 0 and r["stuck_notes"] == 0'
check $(( $? + in_log )) "without its model it still answers ($(get no-model 'r["suggested_notes"]') notes), status and log say: $(grep -m1 "style model only" "$work/no-model.log" | cut -c21- | head -c 200)"
grep -q "state refused, defaults loaded: state is damaged (checksum mismatch)" "$work/no-model.log"; refused=$?
# Nothing learned after it: an empty style is its root context alone.
is no-model 'not r["reload_state"]["requested_params_back"] and r["reload_state"]["style_kib_before"] > 0 and r["reload_state"]["style_contexts_after"] <= 1 and r["reload_state"]["style_kib_after"] < 0.1'
check $(( $? + refused )) "the damaged state is refused with its reason and loads defaults (temperature back to $(get no-model 'r["reload_state"]["requested_params_after"]["temperature"]'), no style): $(grep -m1 "state refused" "$work/no-model.log" | cut -c21-)"

echo "== figures under Wine $("$wine" --version 2>/dev/null) on this Linux machine (Wine figures, not Windows figures)"
echo "  first note after a phrase: p50 $(get phrase 'round(r["first_note_latency_ms_p50"], 1)') ms, p99 $(get phrase 'round(r["first_note_latency_ms_p99"], 1)') ms ($(get phrase 'r["phrases_answered"]') answers, real time, model ready)"
echo "  process() over the block period (block 128 at 48 kHz, 4 instances, real time): p50 $(get phrase 'round(r["process_fraction_p50"], 5)'), p99 $(get phrase 'round(r["process_fraction_p99"], 5)'), p99.9 $(get phrase 'round(r["process_fraction_p999"], 4)') (the machine alone: p50 $(get phrase 'round(r["machine_fraction_p50"], 5)'), p99.9 $(get phrase 'round(r["machine_fraction_p999"], 4)'))"
echo "  play-along (twice real time): p50 $(get playalong 'round(r["process_fraction_p50"], 5)'), p99 $(get playalong 'round(r["process_fraction_p99"], 5)')"
echo "  audio thread: $(get phrase 'r["audio_thread_priority"]') granted, core $(get phrase 'r["audio_thread_cpu"]'); the model ready $(get phrase 'round(r["model_wait_ms"])') ms after the instances were set up; $(( $(date +%s) - started )) s in all"
finish
