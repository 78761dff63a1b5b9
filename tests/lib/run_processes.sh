# Sourced by the tests that start a DAW with its helpers (tests/e2e/ardour_gui_test.sh,
# tests/clap/qtractor/qtractor_test.sh): ending everything a run started, and waiting for conditions.
# The sourcing script sets run_mark (a NAME=VALUE it puts in the environment of every process it starts, so their
# children carry it too) and adds the ids of what it starts to pids.
pids=""

# Processes still running that this run started (directly or not): they carry the mark in their environment.
leftovers() {
  local f p
  for f in $(grep -lzxF "$run_mark" /proc/[0-9]*/environ 2> /dev/null); do
    p=${f#/proc/}; p=${p%/environ}
    [ "$p" = "$$" ] || [ "$p" = "$BASHPID" ] && continue
    echo "$p $(tr '\0' ' ' 2> /dev/null < "/proc/$p/cmdline" | cut -c1-80)"
  done
}

# Ends what this run started: by process id, politely first, then whatever still carries the mark.
stop_all() {
  local p left
  for p in $pids; do kill "$p" 2> /dev/null; done
  for _ in $(seq 50); do left=$(leftovers); [ -z "$left" ] && return 0; sleep 0.1; done
  for p in $(awk '{print $1}' <<< "$left"); do kill -9 "$p" 2> /dev/null; done
}

# wait_for SECONDS COMMAND...: polls until the command succeeds or the deadline passes (a condition, never a fixed
# time).
wait_for() {
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@" > /dev/null 2>&1; do
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep 0.2
  done
}
