#!/usr/bin/env bash
# The editor in a real X server (Xvfb): the project's host opens it in a top-level window while a phrase plays; a
# screenshot (out/editor.png, and out/editor-2x.png at content scale 2) must show the controls, the phrase and the
# takes; a take dragged out with the pointer must land on an XDND drop target (tests/editor/xdnd_target.cpp) as a
# readable .mid that is the take the plug-in played; files a file manager drops onto the editor (tests/editor/
# xdnd_source.cpp) are learned by the style, but never the editor's own takes (one released over the editor itself, or
# a file from its takes folder); More like this keeps a take's first bar. Prints the editor's frame figures. Needs
# ./build.sh first and xvfb, xdotool, imagemagick, python3-mido. Ends with "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
host=$root/out/bin/aicp-host
bundle=$root/out/AiCoPilot.vst3
target=$root/build/tests/editor/xdnd_target
source=$root/build/tests/editor/xdnd_source
check=$root/tests/editor/check_editor.py
passed=0; failed=0
count() {  # tallies the ok/FAILED lines a check printed
  local out=$1
  echo "$out"
  passed=$((passed + $(grep -c '^  ok:' <<< "$out")))
  failed=$((failed + $(grep -c '^  FAILED:' <<< "$out")))
}
check_line() { if [ "$1" = 0 ]; then count "  ok: $2"; else count "  FAILED: $2"; fi; }

# Our own X server, on the first free display number.
exec 3> "$work/display"
Xvfb -displayfd 3 -screen 0 1920x1200x24 -nolisten tcp > "$work/xvfb.log" 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
export DISPLAY=:$(head -1 "$work/display")
export AICOPILOT_TAKES_DIR=$work/takes
export XDG_CACHE_HOME=$work/cache  # the plug-in's log, to read what the editor said
export AICOPILOT_EDITOR_LAYOUT=$work/layout  # where the editor writes the places of its controls (EditorCore)
mkdir -p "$root/out"
engine_log() { cat "$work"/cache/AiCoPilot/*.log 2>/dev/null; }

# The centre on the screen of one of the editor's controls or columns, from the layout the editor wrote:
# at ACTION TAKE (EditorAction names, "Take N", "Phrase -1"), e.g. at LearnFiles -1.
at() {
  local id x0 y0
  id=$(xdotool search --name "AiCoPilot editor" 2>/dev/null | head -1)
  read -r x0 y0 < <(xdotool getwindowgeometry --shell "$id" 2>/dev/null | awk -F= '$1 == "X" {x = $2} $1 == "Y" {y = $2} END {print x + 0, y + 0}')
  awk -v a="$1" -v t="$2" -v x0="$x0" -v y0="$y0" '$1 == a && $2 == t {print int(x0 + $3 + $5 / 2), int(y0 + $4 + $6 / 2)}' "$AICOPILOT_EDITOR_LAYOUT" 2>/dev/null
}
# Waits (up to 10 s) until the plug-in's log has a line matching the pattern.
wait_log() { for _ in $(seq 100); do engine_log | grep -qE "$1" && return 0; sleep 0.1; done; return 1; }

# Waits until the editor shows takes (the phrase has been answered), then saves a screenshot of the editor window.
screenshot() {
  local png=$1 id
  for _ in $(seq 60); do
    id=$(xdotool search --name "AiCoPilot editor" 2>/dev/null | head -1)
    if [ -n "$id" ] && import -window "$id" "$png" 2>/dev/null; then
      local result
      result=$(/usr/bin/python3 "$check" shot "$png" "$2" ${3:-} 2>/dev/null)
      grep -q "ok: suggestion takes" <<< "$result" && return 0
    fi
    sleep 0.5
  done
  [ -n "$id" ] && import -window "$id" "$png" 2>/dev/null
  return 1
}

# Presses at (X1, Y1), moves in small steps to (X2, Y2) and releases there, as a hand would.
drag_from_to() {
  local x1=$1 y1=$2 x2=$3 y2=$4
  xdotool mousemove "$x1" "$y1" mousedown 1
  sleep 0.15
  for i in 1 2 3 4 5 6 7 8; do
    xdotool mousemove $((x1 + (x2 - x1) * i / 8)) $((y1 + (y2 - y1) * i / 8))
    sleep 0.15
  done
  xdotool mousemove $((x2 + 2)) $((y2 + 1))
  sleep 0.15
  xdotool mouseup 1
}

# Drags from a point in the first take's column to (X, Y), in small steps, as a hand would.
drag_take() {
  local x=$1 y=$2
  xdotool mousemove 420 300 mousedown 1
  sleep 0.15
  for p in "430 300" "480 300" "650 $(( (300 + y) / 2 ))" "900 $y" "$((x - 100)) $y" "$((x - 10)) $y" "$x $y" "$((x + 2)) $((y + 1))"; do
    xdotool mousemove $p
    sleep 0.15
  done
  xdotool mouseup 1
}

echo "== editor at scale 1, with a drag onto a drop target"
"$host" "$bundle" --midi "$root/examples/phrase.mid" --speed 4 --tail 24 --out "$work/played.mid" \
  --editor 18 --editor-ready "$work/ready" > "$work/report1.json" 2> "$work/host1.log" &
hostpid=$!
"$target" "$work/dropped" 1000 100 400 300 90 > "$work/target.log" 2>&1 &
targetpid=$!
screenshot "$root/out/editor.png" 1
check_line $? "the editor showed its takes (screenshot in out/editor.png)"
count "$(/usr/bin/python3 "$check" shot "$root/out/editor.png" 1)"
drag_take 1200 250
wait $targetpid
check_line $? "the drop target received a readable .mid ($(tail -1 "$work/target.log"))"

# A target that accepts the drop and then never answers: the drag must give up on its own, and the next one work.
"$target" "$work/ignored" 1000 500 400 300 20 never-finish > "$work/silent.log" 2>&1 &
silentpid=$!
"$target" "$work/dropped-again" 1000 100 400 300 60 > "$work/target2.log" 2>&1 &
target2pid=$!
sleep 0.5
drag_take 1200 650
sleep 4
grep -q "timed out waiting for the drop target" "$work"/cache/AiCoPilot/*.log 2>/dev/null
check_line $? "a drop target that never finishes loses the drag after the timeout (logged)"
drag_take 1200 250
wait $target2pid
check_line $? "the next drag works: $(tail -1 "$work/target2.log")"
kill $silentpid 2>/dev/null
# A take released over the editor itself (its phrase column) is not learned as the player's music.
drag_from_to $(at Take 0) $(at Phrase -1)
wait_log "drag .*take1.*: no drop target there"
check_line $? "a take released over the editor itself found no drop target"
! engine_log | grep -q "dropped to learn"
check_line $? "and nothing was learned from it"
wait $hostpid
check_line $? "the host ran to the end with the editor open"
dropped=$(head -1 "$work/dropped" 2>/dev/null)
[ -n "$dropped" ] && [ -f "$dropped" ]; check_line $? "the dropped file is kept in the takes folder after the drop"
[ "$(dirname "$dropped")" = "$AICOPILOT_TAKES_DIR" ]; check_line $? "it was written to the per-user folder of takes"
count "$(/usr/bin/python3 "$check" take "$dropped" "$work/played.mid")"

echo "== files dropped onto the editor teach the style"
mkdir -p "$work/mine/a folder"
cp "$root/examples/phrase.mid" "$work/mine/my song.mid"
cp "$root/examples/phrase.mid" "$work/mine/a folder/again.mid"
printf 'not a MIDI file' > "$work/mine/broken.mid"
# The desktop's file chooser (zenity is not installed here: 126 packages) is stood in for by a script that answers
# as zenity does: the chosen paths on standard output, one a line.
mkdir -p "$work/bin"
printf '#!/bin/sh\nprintf "%%s\\n" "$@" > "%s"\nprintf "%%s\\n" "%s" "%s"\n' \
  "$work/zenity-args" "$work/mine/my song.mid" "$work/mine/a folder/again.mid" > "$work/bin/zenity"
chmod +x "$work/bin/zenity"
rm -f "$work/ready5"
PATH="$work/bin:$PATH" "$host" "$bundle" --midi "$root/examples/phrase.mid" --speed 4 --tail 10 --editor 8 --editor-ready "$work/ready5" \
  > "$work/report5.json" 2> "$work/host5.log" &
hostpid=$!
for _ in $(seq 100); do [ -s "$work/ready5" ] && break; sleep 0.1; done
for _ in $(seq 100); do [ -s "$AICOPILOT_EDITOR_LAYOUT" ] && break; sleep 0.1; done
result=$("$source" $(at Phrase -1) "$work/mine/my song.mid" "$work/mine/broken.mid" 2>&1)
check_line $? "two files dropped onto the editor were taken ($result)"
result=$("$source" $(at Phrase -1) type-list "$work/mine/a folder" 2>&1)
check_line $? "a folder offered only in the source's XdndTypeList was taken ($result)"
# A take of the editor's own (a file in its takes folder, as another instance's drag would bring) is not learned.
own="$AICOPILOT_TAKES_DIR/aicopilot-20260101-000000-take1.mid"
mkdir -p "$AICOPILOT_TAKES_DIR" && cp "$root/examples/phrase.mid" "$own"
"$source" $(at Phrase -1) "$own" > /dev/null 2>&1
wait_log "dropped, not learned \(the editor's own takes\): $own"
check_line $? "a file from the editor's own takes folder dropped onto it was refused (logged)"
xdotool mousemove $(at LearnFiles -1) click 1   # Learn files...
wait $hostpid
check_line $? "the host ran to the end"
log=$(cat "$work"/cache/AiCoPilot/*.log 2>/dev/null)
grep -qF "dropped to learn: $work/mine/my song.mid, $work/mine/broken.mid" <<< "$log"
check_line $? "the editor read both paths of the drop (a space in a name, percent-encoded in the URI)"
grep -qF "not learned: $work/mine/broken.mid" <<< "$log"
check_line $? "the unreadable file got its own line in the log"
grep -qE "your files: learned [1-9]" <<< "$log"
check_line $? "the style learned the readable files ($(grep -oE 'your files: .*' <<< "$log" | tail -1))"
grep -q -- "--file-selection" "$work/zenity-args" 2>/dev/null && grep -q -- "--multiple" "$work/zenity-args"
check_line $? "Learn files... opened the desktop's file chooser for several files"
grep -qF "chosen to learn: $work/mine/my song.mid, $work/mine/a folder/again.mid" <<< "$log"
check_line $? "the files chosen there were learned"
! grep "to learn:" <<< "$log" | grep -qF "$own"
check_line $? "the editor's own take was not among the files learned"

echo "== editor at scale 2"
"$host" "$bundle" --midi "$root/examples/phrase.mid" --speed 4 --tail 6 --editor 8 --editor-scale 2 \
  > "$work/report2.json" 2> "$work/host2.log" &
hostpid=$!
screenshot "$root/out/editor-2x.png" 2
check_line $? "the editor showed its takes at scale 2 (out/editor-2x.png)"
count "$(/usr/bin/python3 "$check" shot "$root/out/editor-2x.png" 2)"
wait $hostpid
check_line $? "the host ran to the end with the 2x editor open"

echo "== editor resized by the user to 1200 x 720"
"$host" "$bundle" --midi "$root/examples/phrase.mid" --speed 4 --tail 6 --editor 8 --editor-size 1200x720 \
  > "$work/report3.json" 2> "$work/host3.log" &
hostpid=$!
screenshot "$work/editor-resized.png" 1 1200x720
check_line $? "the resized editor showed its takes"
count "$(/usr/bin/python3 "$check" shot "$work/editor-resized.png" 1 1200x720)"
wait $hostpid
check_line $? "the host ran to the end with the resized editor"

echo "== accepting a take: it goes to the MIDI output from the next bar line"
rm -rf "$AICOPILOT_TAKES_DIR"
"$host" "$bundle" --midi "$root/examples/phrase.mid" --speed 2 --tail 30 --out "$work/accepted.mid" --editor 1 \
  > "$work/report4.json" 2> "$work/host4.log" &
hostpid=$!
screenshot "$work/editor-accept.png" 1
check_line $? "the editor showed its takes"
sleep 7                       # the live take (4 bars at 100 BPM, at 2x speed) has played out
xdotool mousemove 606 514 click 1   # Accept under take 2 (it also selects take 2)
sleep 0.3
xdotool mousemove 410 22 click 1    # Export .mid: the selected take, to compare with what comes out
wait $hostpid
check_line $? "the host ran to the end"
exported=$(ls "$AICOPILOT_TAKES_DIR"/*.mid 2>/dev/null | head -1)
[ -n "$exported" ]; check_line $? "Export .mid wrote the selected take"
[ -n "$exported" ] && count "$(/usr/bin/python3 "$check" accepted "$exported" "$work/accepted.mid")"

echo "== more like this: a new pool that keeps the take's first bar"
rm -rf "$AICOPILOT_TAKES_DIR"
"$host" "$bundle" --midi "$root/examples/phrase.mid" --speed 4 --tail 16 --editor 10 > "$work/report6.json" 2> "$work/host6.log" &
hostpid=$!
screenshot "$work/editor-more.png" 1
check_line $? "the editor showed its takes"
xdotool mousemove 416 300 click 1   # selects take 1
xdotool mousemove 410 22 click 1    # Export .mid
sleep 1.2                            # a new second: the next export gets its own file name
before=$(ls -t "$AICOPILOT_TAKES_DIR"/*.mid 2>/dev/null | head -1)
xdotool mousemove 440 514 click 1   # More under take 1
sleep 2
xdotool mousemove 410 22 click 1    # Export .mid: take 1 of the new pool
sleep 0.5
after=$(ls -t "$AICOPILOT_TAKES_DIR"/*.mid 2>/dev/null | head -1)
wait $hostpid
check_line $? "the host ran to the end"
[ -n "$before" ] && [ -n "$after" ] && [ "$before" != "$after" ]; check_line $? "both takes were exported"
[ -n "$before" ] && [ -n "$after" ] && count "$(/usr/bin/python3 "$check" more "$before" "$after")"

echo "== figures"
for r in 1 2; do
  /usr/bin/python3 - "$work/report$r.json" <<'EOF'
import json, sys
e = json.load(open(sys.argv[1])).get("editor", {})
print(f"  scale {e.get('scale')}: {e.get('width')}x{e.get('height')} px, open to first frame {e.get('open_to_first_frame_ms')} ms, "
      f"{e.get('frames')} frames: p50 {e.get('frame_ms_p50')} ms, p95 {e.get('frame_ms_p95')} ms, max {e.get('frame_ms_max')} ms; "
      f"resident memory with the editor open +{e.get('editor_resident_kib')} KiB; run loop used: {e.get('run_loop')}")
EOF
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
