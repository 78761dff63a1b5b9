#!/usr/bin/env bash
# The takes of `aicopilot continue` at its default settings (the plug-in's: 3 takes of 4 bars, the neural model, the
# pool, echo steering, the originality guard) on the songs of a validation split: how many takes replay 8 consecutive
# notes of the song anywhere in it, answers whose every take does, the mean distance between takes and the smallest.
# Usage: bench/continue_takes.sh DIR [LIMIT]   e.g. bench/continue_takes.sh ../shared/data/pop909/valid 30
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$1; limit=${2:-1000000}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
find "$dir" -name '*.mid' | sort | head -n "$limit" | while read -r song; do
  "$root/out/bin/aicopilot" continue "$song" -o "$work/out.mid" 2>/dev/null | grep '^between takes:' || echo "failed: $song" >&2
done | awk '
  { split($0, a, /mean distance |, smallest |; | of | replay/); mean += a[2]; if (a[3] < 0.2) below++; if (a[3] < least || NR == 1) least = a[3];
    echoes += a[4]; takes += a[5]; if (a[4] == a[5]) allecho++; answers++ }
  END { printf "%d answers, %d takes: %.1f %% of takes replay 8 notes of the song, %d answers all echo, mean distance between takes %.3f, smallest pair %.3f, %d answers with a pair below 0.2\n",
        answers, takes, 100 * echoes / takes, allecho, mean / answers, least, below }'
