#!/usr/bin/env bash
# The editor of the Windows bundle, in the Windows test host (out/win/bin/aicp-host.exe --editor) under Wine, drawn on
# an X server of our own (Xvfb): the host opens a top-level window and hands its HWND to the plug-in's view (no run
# loop: the editor keeps its own timer) while a phrase plays. A screenshot of the window must show the controls, the
# phrase and the takes at scale 1, at scale 2 and after a resize; a take dragged out with the pointer is an OLE file
# drag (DoDragDrop, CF_HDROP) that a Windows drop target in another process takes (tests/windows/ole_drop_target.cpp)
# as a readable .mid that is the take the plug-in played; a take released over the editor itself is not learned; a
# click on Listen turns it off. Wine hands no OLE drag to X11 programs (docs/editor.md), so the drop target is a
# Windows program. Needs ./build.sh first and wine64, xvfb, xdotool, imagemagick, python3-mido, g++-mingw-w64-x86-64.
# A private prefix, nothing left running. Ends with "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
host=$root/out/win/bin/aicp-host.exe
bundle=$root/out/win/AiCoPilot.vst3
check=$root/tests/editor/check_editor.py
wine=/usr/lib/wine/wine64
passed=0; failed=0
count() {  # tallies the ok/FAILED lines a check printed
  local out=$1
  echo "$out"
  passed=$((passed + $(grep -c '^  ok:' <<< "$out")))
  failed=$((failed + $(grep -c '^  FAILED:' <<< "$out")))
}
check_line() { if [ "$1" = 0 ]; then count "  ok: $2"; else count "  FAILED: $2"; fi; }
winpath() { printf 'Z:%s' "${1//\//\\}"; }  # Linux's / is drive Z: under Wine

exec 3> "$work/display"
Xvfb -displayfd 3 -screen 0 1920x1200x24 -nolisten tcp > "$work/xvfb.log" 2>&1 &
xvfb=$!
export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEDLLOVERRIDES="winemenubuilder.exe=d"
cleanup() {
  WINEPREFIX=$work/prefix /usr/lib/wine/wineserver -k 2>/dev/null
  { kill $xvfb $(jobs -p); wait; } 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
export DISPLAY=:$(head -1 "$work/display")

echo "== the Windows editor under Wine (Xvfb $DISPLAY, prefix $WINEPREFIX)"
[ -x "$host" ] && [ -f "$bundle/Contents/x86_64-win/AiCoPilot.vst3" ]; check_line $? "the Windows bundle and aicp-host.exe are built (./build.sh)"
x86_64-w64-mingw32-g++-posix -O2 -municode -static -o "$work/ole_drop_target.exe" "$root/tests/windows/ole_drop_target.cpp" \
  -lole32 -luuid -lshell32 -lgdi32 2> "$work/drop_target.log"
check_line $? "the OLE drop target builds (mingw-w64)"
"$wine" wineboot -i > "$work/wineboot.log" 2>&1
engine_log() { cat "$WINEPREFIX"/drive_c/users/*/AppData/Local/AiCoPilot/*.log 2>/dev/null; }

# Starts the host on the phrase with its editor open: run NAME SECONDS [HOST OPTIONS...]. Its files are $work/NAME.*
# The editor stays open after the music until wait_exit closes it (NAME.close), SECONDS at the most: a busy machine
# may take long to bring the takes, and the test is done with the window when it says so.
run_editor() {
  local name=$1 seconds=$2; shift 2
  mkdir -p "$work/$name.takes"
  AICOPILOT_TAKES_DIR=$(winpath "$work/$name.takes") AICOPILOT_EDITOR_LAYOUT=$(winpath "$work/$name.layout") \
    "$wine" "$host" "$(winpath "$bundle")" --midi "$(winpath "$root/examples/phrase.mid")" --realtime --tail 8 \
    --out "$(winpath "$work/$name.out.mid")" --editor "$seconds" --editor-close-file "$(winpath "$work/$name.close")" --editor-ready "$(winpath "$work/$name.ready")" "$@" \
    > "$work/$name.json" 2> "$work/$name.err" &
  echo $! > "$work/$name.pid"
}
host_window() { xdotool search --name "AiCoPilot test host" 2>/dev/null | head -1; }
# The layout the editor wrote (Windows line ends removed): "ACTION TAKE X Y W H" in window pixels.
layout() { [ -f "$work/$1.layout" ] && tr -d '\r' < "$work/$1.layout"; }
# Waits until the editor shows its three takes and has stopped moving them (takes arrive one by one). Wine on a busy
# machine can take minutes to start a program: the wait is long, and ends as soon as the takes are there. On failure
# it says what the host said.
wait_takes() {
  local before="" now
  for _ in $(seq 600); do
    now=$(layout "$1" | grep '^Take ')
    [ -s "$work/$1.ready" ] && [ "$(grep -c . <<< "$now")" -ge 3 ] && [ "$now" = "$before" ] && return 0
    kill -0 "$(cat "$work/$1.pid")" 2>/dev/null || break  # the host is gone
    before=$now
    sleep 0.5
  done
  echo "   the host's report and errors:"; tail -c 600 "$work/$1.json"; tail -5 "$work/$1.err"; engine_log | tail -5
  return 1
}
# The centre on the screen of a control or column: at NAME ACTION TAKE.
at() {
  local x0 y0
  read -r x0 y0 < <(xdotool getwindowgeometry --shell "$(host_window)" 2>/dev/null | awk -F= '$1 == "X" {x = $2} $1 == "Y" {y = $2} END {print x + 0, y + 0}')
  layout "$1" | awk -v a="$2" -v t="$3" -v x0="$x0" -v y0="$y0" '$1 == a && $2 == t {print int(x0 + $3 + $5 / 2), int(y0 + $4 + $6 / 2)}'
}
# A screenshot of the host window's client area (the editor fills it).
screenshot() { import -window root -crop "$(xdotool getwindowgeometry --shell "$(host_window)" | awk -F= '$1 == "X" {x = $2} $1 == "Y" {y = $2} $1 == "WIDTH" {w = $2} $1 == "HEIGHT" {h = $2} END {printf "%dx%d+%d+%d", w, h, x, y}')" +repage "$1" 2>/dev/null; }
# The colour of one pixel of a screenshot, as "R,G,B".
pixel() { convert "$1" -crop "1x1+$2+$3" -depth 8 txt:- 2>/dev/null | awk 'NR == 2 {gsub(/[()]/, "", $2); print $2}'; }
# Presses at (X1, Y1), moves in small steps to (X2, Y2) and releases there, as a hand would.
drag_from_to() {
  local x1=$1 y1=$2 x2=$3 y2=$4
  xdotool mousemove "$x1" "$y1" mousedown 1
  for i in 1 2 3 4 5 6 7 8 9 10; do
    sleep 0.1
    xdotool mousemove $((x1 + (x2 - x1) * i / 10)) $((y1 + (y2 - y1) * i / 10))
  done
  sleep 0.2
  xdotool mouseup 1
}
wait_exit() {  # NAME: closes the editor (the host then exits) and waits for the host to end
  touch "$work/$1.close"
  for _ in $(seq 600); do kill -0 "$(cat "$work/$1.pid")" 2>/dev/null || return 0; sleep 0.2; done; return 1
}
field() { sed -nE "s/.*\"$2\": \"?([^,\"}]*).*/\1/p" "$work/$1.json" | head -1; }

# ---- scale 1: what it shows, a click, a drag out, a drag onto itself ----
run_editor one 300
wait_takes one; check_line $? "the editor opened in the host's window and shows the answer's takes"
screenshot "$work/one.png"
count "$(/usr/bin/python3 "$check" shot "$work/one.png" 1)"

# A take dragged onto a Windows program's OLE drop target, in another process, arrives as the take's .mid.
"$wine" "$work/ole_drop_target.exe" "$(winpath "$work/dropped.txt")" 30 > /dev/null 2>&1 &
for _ in $(seq 100); do target=$(xdotool search --name "AiCoPilot drop target" 2>/dev/null | head -1); [ -n "$target" ] && break; sleep 0.2; done
read -r tx ty < <(xdotool getwindowgeometry --shell "$target" | awk -F= '$1 == "X" {x = $2} $1 == "Y" {y = $2} END {print x + 200, y + 150}')
read -r sx sy < <(at one Take 0)
drag_from_to "$sx" "$sy" "$tx" "$ty"
for _ in $(seq 100); do [ -s "$work/dropped.txt" ] && break; sleep 0.2; done
dropped=$(tr -d '\r' < "$work/dropped.txt" 2>/dev/null | head -1)
dropped_linux=$(sed -e 's/^Z://' -e 's/\\/\//g' <<< "$dropped")
case "$dropped" in "$(winpath "$work/one.takes")"\\*.mid) true ;; *) false ;; esac
check_line $? "an OLE drag of take 1 reached a Windows drop target as a file in the takes folder (${dropped:-nothing dropped})"
[ "$(head -c 4 "$dropped_linux" 2>/dev/null)" = MThd ]; check_line $? "the dropped file is a Standard MIDI File"

# A take released over the editor's own phrase column is refused there and never learned.
read -r px py < <(at one Phrase -1)
read -r sx sy < <(at one Take 1)
drag_from_to "$sx" "$sy" "$px" "$py"
for _ in $(seq 100); do engine_log | grep -q "no drop target took the file" && break; sleep 0.2; done
engine_log | grep -q "no drop target took the file" && ! engine_log | grep -q "dropped to learn"
check_line $? "a take released over the editor itself is refused and not learned"

wait_exit one; check_line $? "the host closed the editor and exited"
[ "$(field one opened)" = true ] && [ "$(field one run_loop)" = false ]
check_line $? "the report: the editor opened, with no run loop from the host (Windows editors keep their own timer)"
frames=$(field one frames)
[ "${frames:-0}" -gt 10 ]; check_line $? "the editor drew ${frames:-no} frames on its own timer"
[ "$(field one audio_thread_allocations)" = 0 ]; check_line $? "the audio thread allocated nothing while the editor was open"
[ -n "$dropped_linux" ] && count "$(/usr/bin/python3 "$check" take "$dropped_linux" "$work/one.out.mid")"
echo "   Wine figures (not Windows figures): open to first frame $(field one open_to_first_frame_ms) ms, frames p50 $(field one frame_ms_p50) ms, p95 $(field one frame_ms_p95) ms"

# ---- scale 2, and a window resized by the user ----
run_editor two 300 --editor-scale 2
wait_takes two; check_line $? "at content scale 2 the editor opened and shows the takes"
screenshot "$work/two.png"
count "$(/usr/bin/python3 "$check" shot "$work/two.png" 2)"
wait_exit two
run_editor resized 300 --editor-size 1200x720
wait_takes resized; check_line $? "resized to 1200x720 the editor shows the takes"
screenshot "$work/resized.png"
count "$(/usr/bin/python3 "$check" shot "$work/resized.png" 1 1200x720)"
# Listen, clicked, goes out (its button is drawn unlit) and the host reads the parameter back off.
read -r lx ly < <(at resized ToggleListen -1)
xdotool mousemove "$lx" "$ly" click 1
lit=""
for _ in $(seq 50); do
  screenshot "$work/resized-off.png"
  lit=$(pixel "$work/resized-off.png" 16 12)
  [ -n "$lit" ] && [ "$lit" != "47,125,91" ] && break
  sleep 0.2
done
[ -n "$lit" ] && [ "$lit" != "47,125,91" ]; check_line $? "a click on Listen turns it off (its button drawn $lit, lit is 47,125,91)"

wait_exit resized

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
