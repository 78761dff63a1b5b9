#!/usr/bin/env bash
# End to end in a real DAW: Ardour 7 (Debian), headless. Scans the real bundle, plays a riff into AiCoPilot on a MIDI
# track, checks the continuation on the plug-in's MIDI output, saves, reopens, and checks that a parameter and the
# learned style survived; play-along and trading bars (Trade 4) in sessions of their own. Prints "N passed, N failed" for its checks. Needs `apt-get install ardour`.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bundle=${1:-$root/out/AiCoPilot.vst3}
passed=0; failed=0
check() { if [ "$1" = 0 ]; then echo "  ok: $2"; passed=$((passed + 1)); else echo "  FAILED: $2"; failed=$((failed + 1)); fi; }
finish() { echo "$passed passed, $failed failed"; [ "$failed" = 0 ]; exit $?; }

if [ ! -x /usr/lib/ardour7/ardour-vst3-scanner ]; then
  echo "Ardour 7 is not installed (apt-get install ardour)"; failed=1; finish
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home
mkdir -p "$HOME/.config/ardour7/scripts" "$work/vst3"
cp -r "$bundle" "$work/vst3/AiCoPilot.vst3"
cp "$root"/tests/e2e/lua/aicp_*.lua "$HOME/.config/ardour7/scripts/"
# Ardour ignores a scan cache older than the .so: age the binaries first, then scan.
touch -d '-1 min' "$work"/vst3/AiCoPilot.vst3/Contents/x86_64-linux/*.so

echo "== Ardour VST3 scanner"
scan=$(LD_LIBRARY_PATH=/usr/lib/ardour7 /usr/lib/ardour7/ardour-vst3-scanner -f -v "$work/vst3/AiCoPilot.vst3" 2>&1)  # absolute path: the cache is keyed by it
echo "$scan" | grep -iE "error|midi|AiCoPilot" | head -10
! grep -q "\[ERROR\]" <<<"$scan"; check $? "the scanner reports no error"
cache=$(ls "$HOME"/.cache/ardour7/vst/*.v3i 2>/dev/null | head -1)
[ -n "$cache" ]; check $? "the scanner wrote its cache"
grep -q 'n_midi_inputs="1"' "$cache" 2>/dev/null && grep -q 'n_midi_outputs="1"' "$cache" 2>/dev/null && grep -q 'n_outputs="2"' "$cache" 2>/dev/null
check $? "one MIDI input, one MIDI output and a stereo output"
grep -q 'category="Instrument' "$cache" 2>/dev/null; check $? "listed as an instrument"

export VST3_PATH=$work/vst3 AICP_SESSION_DIR=$work/session AICP_E2E_LUA=$root/tests/e2e/lua
echo "== session: play, answer, save"
out=$(cd "$work" && timeout 120 ardour7-lua "$root/tests/e2e/lua/session_play.lua" 2>&1)
echo "$out" | grep "E2E"
grep -q "E2E saved" <<<"$out"; check $? "a riff played in comes back as a continuation on the MIDI output, no stuck notes, session saved"

echo "== session: play along"
export AICP_SESSION_DIR=$work/playalong
out=$(cd "$work" && timeout 120 ardour7-lua "$root/tests/e2e/lua/session_playalong.lua" 2>&1)
echo "$out" | grep "E2E"
grep -q "E2E play-along ok" <<<"$out"; check $? "play-along: chords on channel 16 on the grid while the riff plays and through the 8 beats after it (Play along stops after), none later, nothing hanging"

echo "== session: trading bars"
export AICP_SESSION_DIR=$work/trade
out=$(cd "$work" && timeout 120 ardour7-lua "$root/tests/e2e/lua/session_trade.lua" 2>&1)
echo "$out" | grep "E2E"
grep -q "E2E trade ok" <<<"$out"; check $? "Trade 4 bars: the co-pilot answers in its own 4 bars from their downbeat, on the grid, nothing in the player's, nothing hanging"
export AICP_SESSION_DIR=$work/session

echo "== session: reopen"
out=$(cd "$work" && timeout 120 ardour7-lua "$root/tests/e2e/lua/session_reload.lua" 2>&1)
echo "$out" | grep "E2E"
! grep -q "E2E FAIL" <<<"$out" && grep -q "E2E reloaded" <<<"$out"; check $? "parameters survive save and reopen"

# The learned style is inside the plug-in state Ardour saved: compare the style blob written before the reload with
# the one the reloaded plug-in wrote back.
/usr/bin/python3 "$root/tests/e2e/style_in_session.py" "$work/session/e2e.ardour" "$work/session/reloaded.ardour"
check $? "the learned style survives save and reopen"
finish
