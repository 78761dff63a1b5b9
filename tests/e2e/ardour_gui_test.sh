#!/usr/bin/env bash
# End to end in Ardour 7's own GUI, under Xvfb with a small window manager (openbox): the real bundle on a MIDI track;
# Ardour opens AiCoPilot's editor inside its plug-in window (a screenshot of Ardour's window shows the editor's drawing
# where the editor's layout file says); a riff played on the track yields takes, and the take shown playing stops with
# Ardour's transport; a take dragged with the pointer from its column onto a second MIDI track becomes a region holding
# the take's notes (read back from the saved session), and one released over the editor is not learned; the editor
# follows a resize of Ardour's plug-in window and closes with it; nothing is left running. Controls are found through
# the editor's layout file (AICOPILOT_EDITOR_LAYOUT) and Ardour's window names, the drop target by its track's colour.
# Needs ./build.sh first and ardour, xvfb, openbox, wmctrl, xdotool, x11-utils, imagemagick, python3-mido, python3-numpy.
# Ends with "N passed, N failed". docs/editor.md says what is checked and how.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bundle=${1:-$root/out/AiCoPilot.vst3}
checker=$root/tests/e2e/ardour_gui_check.py
passed=0; failed=0
check() {  # STATUS WHAT: counts and prints one check; returns STATUS, so "check ... || finish" stops at a failure
  if [ "$1" = 0 ]; then echo "  ok: $2"; passed=$((passed + 1)); else echo "  FAILED: $2"; failed=$((failed + 1)); fi
  return "$1"
}
count() {  # tallies the ok/FAILED lines a check printed
  echo "$1"
  passed=$((passed + $(grep -c '^  ok:' <<< "$1")))
  failed=$((failed + $(grep -c '^  FAILED:' <<< "$1")))
}
finish() { echo "$passed passed, $failed failed"; [ "$failed" = 0 ]; exit $?; }
started=$(date +%s.%N)
elapsed() { awk -v s="$started" -v n="$(date +%s.%N)" 'BEGIN {printf "%.1f", n - s}'; }

missing=""
for tool in ardour ardour7-lua Xvfb openbox wmctrl xdotool xwininfo /usr/bin/import /usr/bin/convert; do
  command -v "$tool" > /dev/null || missing="$missing $tool"
done
/usr/bin/python3 -c "import mido" 2> /dev/null || missing="$missing python3-mido"
/usr/bin/python3 -c "import numpy" 2> /dev/null || missing="$missing python3-numpy"
[ -x /usr/lib/ardour7/ardour-vst3-scanner ] || missing="$missing ardour-vst3-scanner"
if [ -n "$missing" ]; then
  echo "missing:$missing (apt-get install ardour xvfb openbox wmctrl xdotool x11-utils imagemagick python3-mido python3-numpy)"
  failed=1; finish
fi
if [ ! -f "$bundle/Contents/x86_64-linux/AiCoPilot.so" ]; then
  echo "no bundle at $bundle (./build.sh)"; failed=1; finish
fi

work=$(mktemp -d)
run_mark="AICP_ARDOUR_GUI_RUN=$work"  # in the environment of every process this test starts, and so of their children
. "$root/tests/lib/run_processes.sh"
trap 'stop_all; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_CACHE_HOME=$work/home/.cache XDG_DATA_HOME=$work/home/.local/share
export AICOPILOT_TAKES_DIR=$work/takes AICOPILOT_EDITOR_LAYOUT=$work/layout
mkdir -p "$HOME/.config/ardour7/scripts" "$XDG_DATA_HOME" "$work/vst3"
cp -r "$bundle" "$work/vst3/AiCoPilot.vst3"
cp "$root"/tests/e2e/lua/aicp_*.lua "$HOME/.config/ardour7/scripts/"
# Ardour ignores a scan cache older than the .so: age the binaries first, then scan.
touch -d '-1 min' "$work"/vst3/AiCoPilot.vst3/Contents/x86_64-linux/*.so
engine_log() { cat "$XDG_CACHE_HOME"/AiCoPilot/*.log 2> /dev/null; }

echo "== a session with two MIDI tracks: Keys (riff -> AiCoPilot) and Takes"
scan=$(LD_LIBRARY_PATH=/usr/lib/ardour7 /usr/lib/ardour7/ardour-vst3-scanner -f "$work/vst3/AiCoPilot.vst3" 2>&1)
! grep -q "\[ERROR\]" <<< "$scan" && ls "$HOME"/.cache/ardour7/vst/*.v3i > /dev/null 2>&1
check $? "Ardour's scanner took the bundle" || finish
keys_colour=3FA7D6 takes_colour=E040C0   # the tracks' colours (RGB): the Takes track is found on the canvas by its own
export VST3_PATH=$work/vst3 AICP_SESSION_DIR=$work/session AICP_E2E_LUA=$root/tests/e2e/lua
out=$(cd "$work" && AICP_KEYS_COLOR=$((16#${keys_colour}FF)) AICP_TAKES_COLOR=$((16#${takes_colour}FF)) \
  timeout 120 ardour7-lua "$root/tests/e2e/lua/gui_session.lua" 2>&1)
grep -q "E2E gui session saved" <<< "$out"; check $? "ardour7-lua made the session ($(grep -o 'E2E.*' <<< "$out" | tail -1))" || finish
session=$work/session/gui.ardour
# The plug-in's window is saved as open, as Ardour saves it when the user leaves it open: Ardour opens it at load.
/usr/bin/python3 "$checker" open-editor "$session" Keys 1300 40
check $? "the plug-in's window is marked open in the session" || finish

# Ardour's GUI unattended: a known user (.a7: no first-run wizard), the Dummy backend shown and saved as the engine
# with autostart (no Audio/MIDI setup dialog), in its configuration.
touch "$HOME/.config/ardour7/.a7"
cat > "$HOME/.config/ardour7/config" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<Ardour>
  <Config>
    <Option name="hide-dummy-backend" value="0"/>
    <Option name="try-autostart-engine" value="1"/>
  </Config>
  <Extra>
    <AudioMIDISetup>
      <EngineStates>
        <State backend="None (Dummy)" driver="Normal Speed" device="Silence" input-device="" output-device="" sample-rate="48000" buffer-size="1024" n-periods="0" input-latency="0" output-latency="0" lm-input="" lm-output="" active="1" use-buffered-io="0" midi-option="1 in, 1 out, Silence" lru="$(date +%s)"/>
      </EngineStates>
    </AudioMIDISetup>
  </Extra>
</Ardour>
EOF
# Closing a plug-in window destroys a VST3 GUI (Ardour's own option; by default it only hides it), so closing the
# window ends the editor through IPlugView::removed() in a real host.
cat > "$HOME/.config/ardour7/ui_config" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<Ardour>
  <UI>
    <Option name="plugin-gui-behavior" value="PluginGUIDestroyVST"/>
  </UI>
</Ardour>
EOF

echo "== Ardour's GUI under Xvfb and openbox"
env "$run_mark" Xvfb -displayfd 3 -screen 0 2560x1440x24 -nolisten tcp > "$work/xvfb.log" 2>&1 3> "$work/display" &
pids="$pids $!"
wait_for 30 test -s "$work/display"
check $? "Xvfb started" || finish
export DISPLAY=:$(head -1 "$work/display")
env "$run_mark" openbox > "$work/openbox.log" 2>&1 &
pids="$pids $!"
wait_for 30 wmctrl -m   # fails until a window manager has announced itself
check $? "openbox manages the screen" || { tail -5 "$work/openbox.log"; finish; }
env "$run_mark" ardour -n -a "$session" > "$work/ardour.log" 2>&1 &
ardour=$!
pids="$ardour $pids"
main_window() { xdotool search --name "^\*?gui - Ardour$" 2> /dev/null | head -1; }
plugin_window() { xdotool search --name "^Keys: AiCoPilot" 2> /dev/null | head -1; }
editor_window() { xdotool search --name "^AiCoPilot editor$" 2> /dev/null | head -1; }
wait_for 240 sh -c "xdotool search --name '^\\*?gui - Ardour$'"
check $? "Ardour's editor window is up ($(elapsed) s)" || finish
wait_for 60 sh -c "xdotool search --name '^Keys: AiCoPilot' && xdotool search --name '^AiCoPilot editor$' && test -s '$AICOPILOT_EDITOR_LAYOUT'"
check $? "Ardour opened AiCoPilot's plug-in window, and the editor in it wrote its layout ($(elapsed) s)"
main=$(main_window); plugin=$(plugin_window); editor=$(editor_window)
if [ -z "$main" ] || [ -z "$plugin" ] || [ -z "$editor" ]; then
  echo "  (Ardour's windows: $(wmctrl -l 2> /dev/null | cut -c 1-100 | tr '\n' ';'))"; tail -20 "$work/ardour.log"; finish
fi
echo "  windows: Ardour $(xdotool getwindowname "$main"), plug-in window \"$(xdotool getwindowname "$plugin")\""

# The editor's window is a descendant of Ardour's plug-in window (embedded, not a window of its own).
ancestors() {
  local w=$1
  while [ -n "$w" ] && [ "$w" != 0x0 ]; do
    echo "$w"
    w=$(xwininfo -tree -id "$w" 2> /dev/null | awk '/Parent window id:/ {print $4}')
  done
}
chain=$(ancestors "$(printf '0x%x' "$editor")" | tr '\n' ' ')
grep -qiw "$(printf '0x%x' "$plugin")" <<< "$chain"
check $? "the editor's X window lies inside Ardour's plug-in window (the editor's window and its parents: $chain)"

# Side by side: Ardour's main window on the left, the plug-in window on the right.
geometry() { xwininfo -id "$1" 2> /dev/null | awk '/Absolute upper-left X/ {x = $4} /Absolute upper-left Y/ {y = $4} /Width:/ {w = $2} /Height:/ {h = $2} END {print x + 0, y + 0, w + 0, h + 0}'; }
wmctrl -i -r "$main" -e 0,0,0,1260,1000
wmctrl -i -r "$plugin" -e 0,1300,0,-1,-1
placed() { read -r mx _ mw _ < <(geometry "$main"); read -r px _ _ _ < <(geometry "$plugin"); [ "$mw" -ge 1000 ] && [ "$px" -ge $((mx + mw)) ]; }
wait_for 30 placed
check $? "the windows are side by side: Ardour $(geometry "$main"), plug-in window $(geometry "$plugin")"

# A screenshot of Ardour's plug-in window: the editor's own drawing where its layout says, inside Ardour's window.
# shot_plugin PNG STAGE takes it and checks it (the checks' lines in $work/shot.txt); tried again until the checks pass
# or the deadline, as the editor may still be drawing what the layout already says.
shot_plugin() {
  local px py ex ey
  read -r px py _ _ < <(geometry "$plugin"); read -r ex ey _ _ < <(geometry "$editor")
  import -window "$plugin" "$1" 2> /dev/null &&
    /usr/bin/python3 "$checker" editor "$1" "$AICOPILOT_EDITOR_LAYOUT" $((ex - px)) $((ey - py)) "$2" > "$work/shot.txt"
}
check_shot() {  # PNG STAGE [DEADLINE]
  rm -f "$work/shot.txt"
  wait_for "${3:-40}" shot_plugin "$1" "$2"
  if [ -s "$work/shot.txt" ]; then count "$(cat "$work/shot.txt")"; else check 1 "a screenshot of Ardour's plug-in window"; fi
}
check_shot "$work/open.png" open

echo "== a riff played on the Keys track"
xdotool windowactivate --sync "$main" key space   # Transport/ToggleRoll: the riff plays from the session's start
echo "  transport started ($(elapsed) s)"
wait_for 120 grep -q "^Take 0 " "$AICOPILOT_EDITOR_LAYOUT"
check $? "the riff played in yields takes: take columns appear in the editor's layout ($(elapsed) s)"
# The first take plays from the next bar line for 16 bars (32 s). The transport is stopped while it plays: the
# plug-in's MIDI output stops there, and so must the take the editor shows, long before the take would have ended
# (a take still shown playing after the stop would be shown so for another 20 s or more).
check_shot "$work/playing.png" playing
xdotool windowactivate --sync "$main" key space   # stop
stopped=$(date +%s.%N)
check_shot "$work/stopped.png" stopped 10
echo "  (checked $(awk -v s="$stopped" -v n="$(date +%s.%N)" 'BEGIN {printf "%.1f", n - s}') s after the stop)"
mkdir -p "$root/out"
check_shot "$root/out/ardour-editor.png" takes
echo "  screenshot of Ardour's plug-in window: out/ardour-editor.png"

echo "== a take dragged from its column onto the Takes track"
# The Takes track's row on Ardour's canvas: its number label, in the track's colour, in the track header.
import -window "$main" "$work/main.png" 2> /dev/null
read -r cx0 cy0 cx1 cy1 < <(/usr/bin/python3 "$checker" find-colour "$work/main.png" "$takes_colour")
[ -n "${cy1:-}" ]; check $? "the Takes track found on Ardour's canvas by its colour (rows ${cy0:-?}-${cy1:-?})"
read -r mx my mw _ < <(geometry "$main")
# Presses in take 1's column, moves in steps as a hand would, holds still over (X, Y), releases; then waits for the
# editor's log line saying how the drag ended and prints it. A drop the target had not yet answered when the button
# came up (a busy machine) is refused by the XDND rules, so a drag that was refused is made again, at most TRIES times.
drag_take_to() {
  local to_x=$1 to_y=$2 tries=$3 attempt before ex ey x y w h x1 y1 outcome=""
  for attempt in $(seq "$tries"); do
    before=$(engine_log | grep -c "engine: drag .*: ")
    read -r ex ey _ _ < <(geometry "$editor")
    read -r x y w h < <(awk '$1 == "Take" && $2 == 0 {print $3, $4, $5, $6}' "$AICOPILOT_EDITOR_LAYOUT")
    x1=$((ex + x + w / 2)); y1=$((ey + y + h / 2))
    xdotool mousemove "$x1" "$y1" mousedown 1
    for i in $(seq 1 10); do
      sleep 0.1
      xdotool mousemove $((x1 + (to_x - x1) * i / 10)) $((y1 + (to_y - y1) * i / 10))
    done
    for i in 1 2 3; do sleep 0.2; xdotool mousemove $((to_x + i)) "$to_y"; done
    sleep 0.3
    xdotool mouseup 1
    wait_for 30 sh -c "[ \$(cat '$XDG_CACHE_HOME'/AiCoPilot/*.log 2> /dev/null | grep -c 'engine: drag .*: ') -gt $before ]"
    outcome=$(engine_log | grep -o "engine: drag .*: .*" | tail -1 | sed 's/^engine: //')
    grep -qE ": (the target refused the file|no drop target there)$" <<< "$outcome" || break
    [ "$attempt" -lt "$tries" ] && echo "  (drag $attempt: $outcome)" >&2
  done
  echo "attempt $attempt: $outcome"
}
result=$(drag_take_to $((mx + (${cx1:-0} + mw) / 2)) $((my + (${cy0:-0} + ${cy1:-0}) / 2)) 3)  # right of the header, mid-row
grep -q ": dropped$" <<< "$result"
check $? "Ardour took the dropped take ($result)"
take=$(sed -n 's/^attempt [0-9]: drag \(.*\): dropped$/\1/p' <<< "$result")
[ -n "$take" ] && [ -f "$take" ]; check $? "the dragged take is a file in the takes folder ($(basename "${take:-none}"))"
! engine_log | grep -q "dropped to learn"
check $? "the editor learned nothing from its own drag"

# Released over the editor itself (its phrase column): Ardour's plug-in window passes the drag on to the editor inside
# it, which must not learn its own take as the player's music.
read -r ex ey _ _ < <(geometry "$editor")
read -r x y w h < <(awk '$1 == "Phrase" {print $3, $4, $5, $6}' "$AICOPILOT_EDITOR_LAYOUT")
result=$(drag_take_to $((ex + x + w / 2)) $((ey + y + h / 2)) 1)
echo "  a take released over the editor: $result"
! engine_log | grep -q "dropped to learn"
check $? "a take released over the editor itself in Ardour's window is not learned$(engine_log | grep -o 'not learned (the editor.s own takes)' | tail -1 | sed 's/^/ (logged: /; s/$/)/')"
xdotool windowactivate --sync "$main" key ctrl+s
wait_for 60 sh -c "grep -q '<Region name=\"$(basename "${take%.mid}")' '$session'"
check $? "Ardour saved the session with the take's region in it ($(elapsed) s)"

echo "== Ardour's plug-in window resized: the editor follows"
read -r _ _ ew0 eh0 < <(geometry "$editor")
read -r _ _ pw0 ph0 < <(geometry "$plugin")
wmctrl -i -r "$plugin" -e 0,-1,-1,$((pw0 + 300)),$((ph0 + 180))
grown() {
  local w h
  read -r _ _ w h < <(geometry "$editor")
  [ "$w" = $((ew0 + 300)) ] && [ "$h" = $((eh0 + 180)) ] && grep -q "^Status -1 0 [0-9]* $w " "$AICOPILOT_EDITOR_LAYOUT"
}
wait_for 30 grown
check $? "the editor's window grew with Ardour's from ${ew0}x${eh0} to $(geometry "$editor" | awk '{print $3 "x" $4}'), and its layout with it"
check_shot "$work/resized.png" takes

echo "== Ardour's plug-in window closed: the editor goes with it, Ardour runs on"
closed_before=$(engine_log | grep -c "editor closed")
wmctrl -i -c "$plugin"
editor_gone() { [ "$(engine_log | grep -c "editor closed")" -gt "$closed_before" ] && [ -z "$(editor_window)" ]; }
wait_for 30 editor_gone
check $? "closing Ardour's plug-in window closed the editor (its X window is gone, the engine logged it)"
engine_log | grep -oE "editor closed.*" | tail -1 | sed 's/^/  /'
kill -0 "$ardour" 2> /dev/null; check $? "Ardour runs on"

echo "== Ardour quits; the saved session holds the take"
xdotool windowactivate --sync "$main" key ctrl+s key ctrl+q   # saved first, so quitting asks nothing
wait_for 120 sh -c "! kill -0 $ardour"
check $? "Ardour quit when asked ($(elapsed) s)"
count "$(/usr/bin/python3 "$checker" region "$session" Takes "${take:-none}" Keys)"

stop_all
left=$(leftovers)
[ -z "$left" ]; check $? "nothing this test started is left running (Ardour, openbox, Xvfb, anything they started)${left:+: $left}"
echo "  run time $(elapsed) s"
finish
