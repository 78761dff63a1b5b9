#!/usr/bin/env bash
# The editor in a real X server (Xvfb): the project's host opens it in a top-level window while a phrase plays; a
# screenshot (out/editor.png, and out/editor-2x.png at content scale 2) must show the controls, the phrase and the
# takes; a take dragged out with the pointer must land on an XDND drop target (tests/editor/xdnd_target.cpp) as a
# readable .mid that is the take the plug-in played; files a file manager drops onto the editor (tests/editor/
# xdnd_source.cpp) are learned by the style, but never the editor's own takes (one released over the editor itself, or
# a file from its takes folder); More like this keeps a take's first bar. Prints the editor's frame figures. Needs
# ./build.sh first and xvfb, xdotool, imagemagick, python3-mido. Ends with "N passed, N failed".
#
# Made to pass on a busy machine: every control and column is found through the layout the editor writes
# (AICOPILOT_EDITOR_LAYOUT), and every wait is for the condition it stands for (a file, a log line, a window, the
# layout, what the editor shows), polled until it holds, for at most $AICOPILOT_TEST_WAIT seconds (90) and never
# after the host it depends on has exited. Only the pointer keeps a hand's pace while it drags.
# Another build of the bundle, the host or the XDND helpers can be tested with AICOPILOT_TEST_BUNDLE,
# AICOPILOT_TEST_HOST and AICOPILOT_TEST_XDND (a folder with xdnd_source and xdnd_target). A failed run keeps its
# files (the logs, the layouts, the screenshots) and says where.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
host=${AICOPILOT_TEST_HOST:-$root/out/bin/aicp-host}
bundle=${AICOPILOT_TEST_BUNDLE:-$root/out/AiCoPilot.vst3}
helpers=${AICOPILOT_TEST_XDND:-$root/build/tests/editor}
target=$helpers/xdnd_target
source=$helpers/xdnd_source
check=$root/tests/editor/check_editor.py
limit=${AICOPILOT_TEST_WAIT:-90}
passed=0; failed=0
count() {  # tallies the ok/FAILED lines a check printed
  local out=$1
  echo "$out"
  passed=$((passed + $(grep -c '^  ok:' <<< "$out")))
  failed=$((failed + $(grep -c '^  FAILED:' <<< "$out")))
}
check_line() { if [ "$1" = 0 ]; then count "  ok: $2"; else count "  FAILED: $2"; fi; }

# The drop target must say when it accepts a drag (a build of tests/editor/xdnd_target.cpp from before that would make
# every drag wait out the limit).
if ! grep -qa "accepting a drag" "$target" 2>/dev/null; then
  check_line 1 "$target is built from the current tests/editor/xdnd_target.cpp (./build.sh)"
  echo "$passed passed, $failed failed"
  rm -rf "$work"
  exit 1
fi

# Our own X server, on the first free display number.
exec 3> "$work/display"
Xvfb -displayfd 3 -screen 0 1920x1200x24 -nolisten tcp > "$work/xvfb.log" 2>&1 &
xvfb=$!
finish() {
  kill $xvfb 2>/dev/null; kill $(jobs -p) 2>/dev/null
  if [ "$failed" = 0 ]; then rm -rf "$work"; else echo "the failed run's files are kept in $work"; fi
}
trap finish EXIT
hostpid=$xvfb  # the process the waits below depend on: the host under test once one runs

# Polls COMMAND... (every 0.1 s) until it succeeds; fails once $limit seconds have passed, or at once when $hostpid
# has exited (after one last look: the condition may have come true just before).
until_true() {
  local end=$((SECONDS + limit))
  until "$@"; do
    if [ "$SECONDS" -ge "$end" ] || ! kill -0 "$hostpid" 2>/dev/null; then "$@"; return; fi
    sleep 0.1
  done
}
until_true test -s "$work/display"
export DISPLAY=:$(head -1 "$work/display")
export AICOPILOT_TAKES_DIR=$work/takes
export XDG_CACHE_HOME=$work/cache  # the plug-in's log, to read what the editor said
mkdir -p "$root/out"
engine_log() { cat "$work"/cache/AiCoPilot/*.log 2>/dev/null; }
log_has() { grep -qE "$1" "$work"/cache/AiCoPilot/*.log 2>/dev/null; }
file_has() { grep -qE "$2" "$1" 2>/dev/null; }

# Starts the host on the example phrase with its editor open: run_host NAME HOST-OPTIONS... Its report, log and layout
# are $work/NAME.json, NAME.log, NAME.layout; $hostpid is the host, and AICOPILOT_EDITOR_LAYOUT its layout file (each
# host its own, so nothing is read from a host before). It waits for the model before it plays, so a busy machine
# still hears the model's answer.
run_host() {
  local name=$1; shift
  export AICOPILOT_EDITOR_LAYOUT=$work/$name.layout  # where the editor writes the places of its controls (EditorCore)
  "$host" "$bundle" --midi "$root/examples/phrase.mid" --wait-for-model "$limit" --editor-ready "$work/$name.ready" "$@" \
    > "$work/$name.json" 2> "$work/$name.log" &
  hostpid=$!
  section_start=$SECONDS
  until_true test -s "$work/$name.ready"
  check_line $? "the host opened the editor ($name)"
}
# The host ran to its end (the editor closed) and exited cleanly.
host_ended() {
  wait "$hostpid"
  local rc=$?
  check_line $rc "the host ran to the end with the editor open (exit $rc; $((SECONDS - section_start)) s)"
}

editor_window() { xdotool search --name "AiCoPilot editor" 2>/dev/null | head -1; }
# The centre on the screen of one of the editor's controls or columns, from the layout the editor wrote:
# at ACTION TAKE (EditorAction names, "Take N", "Phrase -1"), e.g. at LearnFiles -1.
at() {
  local id x0 y0
  id=$(editor_window)
  read -r x0 y0 < <(xdotool getwindowgeometry --shell "$id" 2>/dev/null | awk -F= '$1 == "X" {x = $2} $1 == "Y" {y = $2} END {print x + 0, y + 0}')
  awk -v a="$1" -v t="$2" -v x0="$x0" -v y0="$y0" '$1 == a && $2 == t {print int(x0 + $3 + $5 / 2), int(y0 + $4 + $6 / 2)}' "$AICOPILOT_EDITOR_LAYOUT" 2>/dev/null
}
click() {
  local place
  place=$(at "$1" "$2")
  echo "$SECONDS s: click $1 $2 at ${place:-nowhere (not in the layout)}" >> "$work/actions.log"
  [ -n "$place" ] && xdotool mousemove $place click 1
}
shows_takes() { file_has "$AICOPILOT_EDITOR_LAYOUT" "^Take $((${1:-1} - 1)) "; }  # [N]: at least N take columns

# shoot PNG: a screenshot of the editor window as it is now.
shoot() { local id; id=$(editor_window); [ -n "$id" ] && import -window "$id" "$1" 2>/dev/null; }
shot_shows_takes() {  # PNG SCALE [WxH]: a screenshot in which check_editor.py finds the takes
  local result
  shoot "$1" && result=$(/usr/bin/python3 "$check" shot "$@" --layout "$AICOPILOT_EDITOR_LAYOUT" 2>/dev/null)
  grep -q "ok: suggestion takes" <<< "${result:-}"
}
# Waits until the editor shows takes (the phrase has been answered: take columns in its layout, then drawn), then
# checks a screenshot of it: screenshot PNG SCALE [WxH].
screenshot() {
  until_true shows_takes && until_true shot_shows_takes "$@"
  check_line $? "the editor showed its takes ($(basename "$1"), $((SECONDS - section_start)) s after the host started)"
  count "$(/usr/bin/python3 "$check" shot "$@" --layout "$AICOPILOT_EDITOR_LAYOUT")"
}
# How take N's column is outlined now (playing, selected, hover, none).
outline_of() { shoot "$work/outline.png" && /usr/bin/python3 "$check" outline "$work/outline.png" "$AICOPILOT_EDITOR_LAYOUT" "$1"; }
not_outlined() { local o; o=$(outline_of "$1") && [ "$o" != "$2" ]; }

# Presses at (X1, Y1), moves in small steps to (X2, Y2), as a hand would, and releases there; with a drop target's
# output file, only once that target has accepted the drag (it may be slow to answer on a busy machine).
drag_from_to() {
  local x1=${1:-} y1=${2:-} x2=${3:-} y2=${4:-} answered=${5:-}
  echo "$SECONDS s: drag from $x1 $y1 to $x2 $y2" >> "$work/actions.log"
  [[ "$x1$y1$x2$y2" =~ ^[0-9]+$ && -n "$y2" ]] || return 1  # a place the layout did not have
  xdotool mousemove "$x1" "$y1" mousedown 1
  sleep 0.15
  for i in 1 2 3 4 5 6 7 8; do
    xdotool mousemove $((x1 + (x2 - x1) * i / 8)) $((y1 + (y2 - y1) * i / 8))
    sleep 0.15
  done
  xdotool mousemove $((x2 + 2)) $((y2 + 1))
  [ -z "$answered" ] || until_true file_has "$answered" '^accepting'
  xdotool mouseup 1
}
# Drags take 1 from the middle of its column to (X, Y), onto the drop target whose output is TARGET_LOG.
drag_take() {
  local from
  from=$(at Take 0)
  [ -n "$from" ] || { echo "$SECONDS s: no take 1 in the layout to drag" >> "$work/actions.log"; return 1; }
  drag_from_to $from "$1" "$2" "$3"
}
# Starts a drop target: drop_target NAME X Y W H SECONDS [never-finish]; $work/NAME.log says what it got.
drop_target() {
  local name=$1; shift
  "$target" "$work/$name" "$@" > "$work/$name.log" 2>&1 &
  until_true file_has "$work/$name.log" '^ready'
}
drags_ended() { [ "$(engine_log | grep -c "engine: drag ")" -ge "$1" ]; }
# The .mid files in the takes folder; a file that was not there before (new_take BEFORE-LIST).
takes_now() { ls "$AICOPILOT_TAKES_DIR"/*.mid 2>/dev/null; }
new_take() {
  local new
  new=$(comm -13 <(sort <<< "$1") <(takes_now | sort))
  [ -n "$new" ] && echo "${new%%$'\n'*}"
}

echo "== editor at scale 1, with a drag onto a drop target"
run_host scale1 --speed 4 --tail 24 --out "$work/played.mid" --editor 30
drop_target dropped 1000 100 400 300 "$limit"
targetpid=$!
screenshot "$root/out/editor.png" 1
drag_take 1200 250 "$work/dropped.log"
wait $targetpid
check_line $? "the drop target received a readable .mid ($(tail -1 "$work/dropped.log"))"
until_true drags_ended 1

# A target that accepts the drop and then never answers: the drag must give up on its own, and the next one work.
drop_target ignored 1000 500 400 300 "$limit" never-finish
silentpid=$!
drop_target dropped-again 1000 100 400 300 "$limit"
target2pid=$!
drag_take 1200 650 "$work/ignored.log"
until_true log_has "timed out waiting for the drop target"
check_line $? "a drop target that never finishes loses the drag after the timeout (logged)"
drag_take 1200 250 "$work/dropped-again.log"
wait $target2pid
check_line $? "the next drag works: $(tail -1 "$work/dropped-again.log")"
kill $silentpid 2>/dev/null
until_true drags_ended 3
# A take released over the editor itself (its phrase column) is not learned as the player's music.
drag_from_to $(at Take 0) $(at Phrase -1)
until_true log_has "drag .*take1.*: no drop target there"
check_line $? "a take released over the editor itself found no drop target"
! log_has "dropped to learn"
check_line $? "and nothing was learned from it"
host_ended
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
PATH="$work/bin:$PATH" run_host files --speed 4 --tail 10 --editor 15
until_true file_has "$AICOPILOT_EDITOR_LAYOUT" '^Phrase -1 '
result=$("$source" $(at Phrase -1) "$work/mine/my song.mid" "$work/mine/broken.mid" 2>&1)
check_line $? "two files dropped onto the editor were taken ($result)"
result=$("$source" $(at Phrase -1) type-list "$work/mine/a folder" 2>&1)
check_line $? "a folder offered only in the source's XdndTypeList was taken ($result)"
# A take of the editor's own (a file in its takes folder, as another instance's drag would bring) is not learned.
own="$AICOPILOT_TAKES_DIR/aicopilot-20260101-000000-take1.mid"
mkdir -p "$AICOPILOT_TAKES_DIR" && cp "$root/examples/phrase.mid" "$own"
"$source" $(at Phrase -1) "$own" > /dev/null 2>&1
until_true log_has "dropped, not learned \(the editor's own takes\): $own"
check_line $? "a file from the editor's own takes folder dropped onto it was refused (logged)"
click LearnFiles -1
until_true log_has "chosen to learn: "
until_true log_has "your files: learned .* of 2 files$"
host_ended
log=$(engine_log)
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
! grep "to learn:" <<< "$log" | grep -F "$own" > /dev/null  # (-q could cut the pipe short: a false pass)
check_line $? "the editor's own take was not among the files learned"

echo "== editor at scale 2"
run_host scale2 --speed 4 --tail 6 --editor 15 --editor-scale 2
screenshot "$root/out/editor-2x.png" 2
host_ended

echo "== editor resized by the user to 1200 x 720"
run_host resized --speed 4 --tail 6 --editor 15 --editor-size 1200x720
screenshot "$work/editor-resized.png" 1 1200x720
host_ended

echo "== accepting a take: it goes to the MIDI output from the next bar line"
rm -rf "$AICOPILOT_TAKES_DIR"
run_host accept --speed 2 --tail 40 --out "$work/accepted.mid" --editor 1
screenshot "$work/editor-accept.png" 1
# The live take (take 1) plays as the answer is written, outlined as playing from when the takes show: Accept waits
# until it has played out.
until_true not_outlined 0 playing
check_line $? "the answer's first take was played out ($((SECONDS - section_start)) s)"
until_true shows_takes 2
before=$(takes_now)
click Accept 1        # under take 2 (it also selects take 2)
click ExportTake -1   # the selected take, to compare with what comes out (the editor takes the clicks in order)
until_true new_take "$before" > /dev/null
exported=$(new_take "$before")
host_ended
[ -n "$exported" ]; check_line $? "Export .mid wrote the selected take"
[ -n "$exported" ] && count "$(/usr/bin/python3 "$check" accepted "$exported" "$work/accepted.mid")"

echo "== more like this: a new pool that keeps the take's first bar"
rm -rf "$AICOPILOT_TAKES_DIR"
# The editor stays open until this section is done with it (more.close), however long a busy machine takes to write
# the new pool.
run_host more --speed 4 --tail 16 --editor "$limit" --editor-close-file "$work/more.close" --param variations=3
screenshot "$work/editor-more.png" 1
until_true shows_takes 3  # the answer's takes are all shown: the layout changes next with More's
click Take 0           # selects take 1
click ExportTake -1
until_true new_take "" > /dev/null
before=$(new_take "")
takes_shown() { awk '$1 == "TakesShown" {print $2}' "$AICOPILOT_EDITOR_LAYOUT" 2>/dev/null; }
shown_before=$(takes_shown)
click MoreLikeThis 0   # More under take 1: a new pool, written on the engine thread
# Its candidates replace the takes shown: the editor counts a new set of takes (the layout itself may stay the same
# when the new pool fills the same three columns before a frame shows fewer).
new_takes_shown() { [ -n "$shown_before" ] && [ "$(takes_shown)" -gt "$shown_before" ] 2>/dev/null; }
until_true new_takes_shown && until_true shows_takes 3
check_line $? "More like this showed the new pool's takes ($((SECONDS - section_start)) s)"
click ExportTake -1    # take 1 of the new pool
until_true new_take "$before" > /dev/null
after=$(new_take "$before")
touch "$work/more.close"
host_ended
[ -n "$before" ] && [ -n "$after" ]; check_line $? "both takes were exported"
[ -n "$before" ] && [ -n "$after" ] && count "$(/usr/bin/python3 "$check" more "$before" "$after")"

echo "== figures"
for r in scale1 scale2; do
  /usr/bin/python3 - "$work/$r.json" <<'EOF'
import json, sys
e = json.load(open(sys.argv[1])).get("editor", {})
print(f"  scale {e.get('scale')}: {e.get('width')}x{e.get('height')} px, open to first frame {e.get('open_to_first_frame_ms')} ms, "
      f"{e.get('frames')} frames: p50 {e.get('frame_ms_p50')} ms, p95 {e.get('frame_ms_p95')} ms, max {e.get('frame_ms_max')} ms; "
      f"resident memory with the editor open +{e.get('editor_resident_kib')} KiB; run loop used: {e.get('run_loop')}")
EOF
done
echo "  run time $SECONDS s"
echo "$passed passed, $failed failed"  # the last line, as ./test.sh reads it
[ "$failed" = 0 ]
