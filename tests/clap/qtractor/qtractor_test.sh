#!/usr/bin/env bash
# AiCoPilot through CLAP in a real CLAP host: Qtractor 0.9.31 (Debian) in its own GUI under Xvfb, on JACK's dummy
# driver, unattended. A session (make_session.py) holds one MIDI track with a MIDI clip (examples/phrase.mid) and in
# its plug-in chain AiCoPilot (the built CLAP folder's .clap) then a test CLAP, midi_logger.cpp, that records every
# note AiCoPilot sends on. AiCoPilot's settings come in the session as Qtractor keeps them, its saved state: Output
# channel 14 and Bars 2 (a state made by aicp-host). JACK's transport plays (jack_transport), the clip's notes pass
# through, AiCoPilot answers on channel 14 on the session's sixteenth grid; Qtractor saves the session (SIGUSR1, its
# "save" for session managers) and quits (SIGTERM); the saved session holds the state with both parameters; a fresh
# Qtractor reopens it, plays again and the answer comes on channel 14 in 2 bars again (the parameters are intact in
# effect, not only in the file), and a second save still holds them. Nothing this test started is left running.
# The machine needs no sound hardware and no ALSA sequencer: alsa_seq_stub.c stands in for /dev/snd/seq.
# Needs ./build.sh first (out/clap/AiCoPilot, out/bin/aicp-host) and qtractor, jackd2, xvfb, g++, python3.
# Waits for conditions (ports, the logger's transport position, files), never for a fixed time.
# Ends with "N passed, N failed".
#   tests/clap/qtractor/qtractor_test.sh [CLAP_FOLDER]     (default out/clap/AiCoPilot)
set -uo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
here=$root/tests/clap/qtractor
folder=${1:-$root/out/clap/AiCoPilot}
[ -d "$folder" ] && folder=$(cd "$folder" && pwd)
clap=$folder/Contents/x86_64-linux/AiCoPilot.clap
host=$root/out/bin/aicp-host
[ -x "$host" ] || host=$root/build/src/Host/aicp-host
passed=0; failed=0
check() {  # STATUS WHAT: counts and prints one check; returns STATUS, so "check ... || finish" stops at a failure
  if [ "$1" = 0 ]; then echo "  ok: $2"; passed=$((passed + 1)); else echo "  FAILED: $2"; failed=$((failed + 1)); fi
  return "$1"
}
count() {  # tallies the ok/FAILED lines a checker printed
  echo "$1"
  passed=$((passed + $(grep -c '^  ok:' <<< "$1")))
  failed=$((failed + $(grep -c '^  FAILED:' <<< "$1")))
}
finish() { echo "  ($(elapsed) s)"; echo "$passed passed, $failed failed"; [ "$failed" = 0 ]; exit $?; }
started=$(date +%s.%N)
elapsed() { awk -v s="$started" -v n="$(date +%s.%N)" 'BEGIN {printf "%.1f", n - s}'; }

missing=""
for tool in qtractor jackd jack_transport jack_lsp Xvfb g++ gcc python3; do
  command -v "$tool" > /dev/null || missing="$missing $tool"
done
if [ -n "$missing" ]; then
  echo "missing:$missing (apt-get install qtractor jackd2 xvfb g++ python3)"; failed=1; finish
fi
[ -f "$clap" ] && [ -x "$host" ]
check $? "the CLAP folder and aicp-host are built ($clap)" || finish

work=$(mktemp -d)
run_mark="AICP_QTRACTOR_RUN=$work"  # in the environment of every process this test starts, and so of their children
. "$root/tests/lib/run_processes.sh"
trap 'stop_all; [ -n "${AICP_QTRACTOR_KEEP:-}" ] && echo "kept $work" || rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_CACHE_HOME=$work/home/.cache XDG_DATA_HOME=$work/home/.local/share
export XDG_RUNTIME_DIR=$work/run AICOPILOT_TAKES_DIR=$work/takes AICOPILOT_TASTE_FILE=off
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$work/session" && chmod 700 "$XDG_RUNTIME_DIR"
engine_log() { cat "$XDG_CACHE_HOME"/AiCoPilot/*.log 2> /dev/null; }

echo "== the test plug-in, the sequencer stand-in and the session"
g++ -std=c++17 -O2 -shared -fPIC -I "$root/src/Wrapper/clap" "$here/midi_logger.cpp" -o "$work/midi_logger.clap" -pthread &&
  gcc -O2 -shared -fPIC "$here/alsa_seq_stub.c" -o "$work/alsa_seq_stub.so"
check $? "the MIDI logger (CLAP) and the ALSA sequencer stand-in build" || finish
# AiCoPilot's starting state, as a project would hold it: Output channel 14, Bars 2 (set in aicp-host, saved there).
"$host" --clap "$folder" --midi "$root/examples/phrase.mid" --speed 8 --tail 1 --param output_channel=14 --param bars=2 \
  --reload-state --state-out "$work/start.state" > "$work/start.json" 2> /dev/null
start=$(python3 "$here/qts_state.py" --raw "$work/start.state" 2> /dev/null)
grep -q '"output_channel": 14.0' <<< "$start" && grep -q '"bars": 2.0' <<< "$start"
check $? "a starting state with Output channel 14 and Bars 2 ($(stat -c %s "$work/start.state" 2> /dev/null) bytes)" || finish
session=$work/session/aicp.qts
python3 "$here/make_session.py" "$session" --phrase "$root/examples/phrase.mid" --clip-seconds 8 --aicopilot "$clap" \
  --logger "$work/midi_logger.clap" --state "$work/start.state"
check $? "the session: a MIDI clip on a track carrying AiCoPilot (CLAP) and the logger" || finish

# Qtractor's own plug-in scanner (what its plug-in list shows) on the .clap: one line "CLAP|name|audio in:out|midi
# in:out|params:..|features|path|..".
scanner=/usr/lib/x86_64-linux-gnu/qtractor/qtractor_plugin_scan
if [ -x "$scanner" ]; then
  scan=$(printf 'CLAP:%s\n' "$clap" | timeout 60 env "$run_mark" "$scanner" 2> /dev/null | tr -d '\0')
  grep -qE '^CLAP\|AiCoPilot\|0:2\|1:1\|[0-9]+:0\|[^|]*GUI' <<< "$scan"
  check $? "Qtractor's plug-in scanner takes it: no audio in, stereo out, one MIDI in and out, its parameters, a GUI ($(cut -d'|' -f1-6 <<< "$scan"))"
fi

echo "== JACK (dummy driver) and Xvfb"
export JACK_DEFAULT_SERVER=aicp-qtractor-$$
env "$run_mark" jackd --no-realtime -n "$JACK_DEFAULT_SERVER" -d dummy -r 48000 -p 1024 > "$work/jackd.log" 2>&1 &
pids="$pids $!"
wait_for 30 sh -c 'jack_lsp 2>/dev/null | grep -q system:playback_1'
check $? "jackd runs with the dummy driver (48 kHz, 1024 frames)" || { tail -5 "$work/jackd.log"; finish; }
env "$run_mark" Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp > "$work/xvfb.log" 2>&1 3> "$work/display" &
pids="$pids $!"
wait_for 30 test -s "$work/display"
check $? "Xvfb started" || finish
export DISPLAY=:$(head -1 "$work/display")

qtractor_pid=""
open_session() {  # LOG: starts Qtractor on the session with the logger writing to LOG; waits until the plug-ins run
  export AICP_MIDI_LOG=$1
  env "$run_mark" LD_PRELOAD="$work/alsa_seq_stub.so" qtractor "$session" > "$work/qtractor.$(basename "$1").log" 2>&1 &
  qtractor_pid=$!
  pids="$pids $qtractor_pid"
  wait_for 60 sh -c 'jack_lsp 2>/dev/null | grep -q "^Qtractor:"' && wait_for 60 python3 "$here/check_log.py" processing "$1"
}
play_from_start() {  # locates JACK's transport to 0, waits until the plug-ins see it there, stopped, then rolls
  printf 'stop\nlocate 0\nquit\n' | jack_transport > /dev/null 2>&1
  wait_for 30 python3 "$here/check_log.py" at-start "$AICP_MIDI_LOG" || return 1
  printf 'play\nquit\n' | jack_transport > /dev/null 2>&1
}
save_and_quit() {  # saves the session as a session manager asks (SIGUSR1), waits for the file, quits (SIGTERM)
  local before
  printf 'stop\nlocate 0\nquit\n' | jack_transport > /dev/null 2>&1  # the next Qtractor starts where JACK's transport is
  touch -d '-2 sec' "$session"; before=$(stat -c %y "$session")
  kill -USR1 "$qtractor_pid"
  wait_for 30 sh -c "[ \"\$(stat -c %y '$session')\" != '$before' ] && grep -q 'key=\"state\"' '$session'" || return 1
  kill -TERM "$qtractor_pid"
  wait_for 30 sh -c "! kill -0 $qtractor_pid"
}
state_has() {  # FILE: the session's AiCoPilot state holds Output channel 14 and Bars 2, its checksum right
  local s; s=$(python3 "$here/qts_state.py" "$session" AiCoPilot.clap 2>&1)
  echo "$s" > "$1"
  grep -q '"output_channel": 14.0' <<< "$s" && grep -q '"bars": 2.0' <<< "$s" && grep -q '"checksum_ok": true' <<< "$s"
}

echo "== Qtractor plays the session"
open_session "$work/first.log"
check $? "Qtractor opened the session and runs both CLAP plug-ins" || { tail -5 "$work"/qtractor.first.log.log; finish; }
engine_log | grep -q "engine library not loaded"
check $((! $?)) "AiCoPilot found its engine beside the .clap" || { engine_log | tail -5; finish; }
play_from_start
check $? "JACK's transport located to 0 and rolled" || finish
wait_for 60 python3 "$here/check_log.py" answered "$work/first.log" 14 2
check $? "the transport played and AiCoPilot's answer came ($(elapsed) s)" || { tail -5 "$work/first.log"; engine_log | tail -5; }
count "$(python3 "$here/check_log.py" check "$work/first.log" 14 2 29)"
save_and_quit
check $? "Qtractor saved the session (SIGUSR1) and quit (SIGTERM)" || finish
state_has "$work/first.state.json"
check $? "the saved session holds AiCoPilot's state with Output channel 14 and Bars 2 ($(grep -o '"bytes": [0-9]*' "$work/first.state.json"))"
grep -q '"style": [1-9]' "$work/first.state.json"
check $? "the saved state carries the learned style ($(grep -o '"style": [0-9]*' "$work/first.state.json") bytes)"

echo "== a fresh Qtractor reopens the saved session"
open_session "$work/second.log"
check $? "Qtractor reopened the saved session and runs both CLAP plug-ins" || finish
play_from_start
check $? "JACK's transport located to 0 and rolled" || finish
wait_for 60 python3 "$here/check_log.py" answered "$work/second.log" 14 2
check $? "the transport played and the answer came on channel 14 again (the reopened parameters in effect)"
count "$(python3 "$here/check_log.py" check "$work/second.log" 14 2 29)"
save_and_quit
check $? "Qtractor saved the reopened session and quit"
state_has "$work/second.state.json"
check $? "the session saved again still holds Output channel 14 and Bars 2"
engine_log | grep -q "state refused"
check $((! $?)) "AiCoPilot never refused the state Qtractor gave it"

stop_all
left=$(leftovers)
[ -z "$left" ]; check $? "nothing this test started is left running (Qtractor, jackd, Xvfb)${left:+: $left}"
finish
