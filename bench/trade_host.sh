#!/usr/bin/env bash
# Trading bars measured through the real bundle in the project's host (issue 28, part 1): validation melodies cut into
# turns (the player plays N bars, rests N bars, ...) by `aicopilot trade --write-turns`, played into aicp-host with
# Trade on at blocks 128 and 1024; each co-pilot turn's answer read back from the host's output.
#   bench/trade_host.sh [DIR] [--songs 10] [--bars 4] [--speed 1] [--after-silence] [--keep FOLDER]
# DIR: validation melodies (../shared/data/pop909/valid). --speed: the host's pace (1: real time, as a DAW plays).
# --after-silence: also the same turns with Trade off (the co-pilot answers each rest after "Phrase end after"), at
# block 128, for the answers' figures beside the trading ones. --keep: the turns, the host's reports and outputs stay in
# FOLDER (and the figures are printed from the songs finished, should the run be stopped: rerun with --analyse-only).
# Prints per song and block: answered turns, the first note against its downbeat, answer notes in the player's turns,
# late answers and the decision lead (the engine's figures in the host's report), notes dropped late, grid, allocations;
# then the totals and the answers' figures (notes, range in semitones, in key, echo: 8 notes of the player's melody
# replayed, transposition-invariant, as the originality guard counts them).
# Needs ./build.sh first and python3-mido.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$root/../shared/data/pop909/valid
songs=10 bars=4 speed=1 silence=0 keep= analyse=0
while [ $# -gt 0 ]; do
  case "$1" in
    --songs) songs=$2; shift 2 ;;
    --bars) bars=$2; shift 2 ;;
    --speed) speed=$2; shift 2 ;;
    --after-silence) silence=1; shift ;;
    --keep) keep=$2; shift 2 ;;
    --analyse-only) analyse=1; shift ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) dir=$1; shift ;;
  esac
done
case "$bars" in 1) trade=1 ;; 2) trade=2 ;; 4) trade=3 ;; 8) trade=4 ;; *) echo "--bars must be 1, 2, 4 or 8" >&2; exit 2 ;; esac
host=$root/out/bin/aicp-host
bundle=$root/out/AiCoPilot.vst3
if [ -n "$keep" ]; then work=$keep; mkdir -p "$work"; else work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi

if [ "$analyse" = 0 ]; then
# The turns (4 exchanges: player, co-pilot, ... from the bar of each melody's first note), one file per song.
"$root/out/bin/aicopilot" trade "$dir" --bars "$bars" --limit "$((songs * 3))" --write-turns "$work/turns" 2>/dev/null | head -n "$songs" > "$work/list.tsv"

run() {  # run NAME FILE BAR_QUARTERS BLOCK TRADE_INDEX
  local tail
  # Past the last co-pilot turn: its bars at 120 BPM plus two seconds.
  tail=$(/usr/bin/python3 -c "print($3 * $bars * 0.5 + 2)")
  "$host" "$bundle" --midi "$2" --out "$work/$1.out.mid" --block "$4" --speed "$speed" --tail "$tail" \
    --param trade="$5" --wait-for-model 120 > "$work/$1.json" 2>/dev/null
}

n=0
while IFS=$'\t' read -r file barq; do
  n=$((n + 1))
  for block in 128 1024; do
    run "s${n}_b${block}" "$file" "$barq" "$block" "$trade"
  done
  if [ "$silence" = 1 ]; then run "s${n}_quiet" "$file" "$barq" 128 0; fi
done < "$work/list.tsv"
fi

/usr/bin/python3 - "$work" "$bars" "$silence" <<'EOF'
import json, os, sys, mido

work, bars, silence = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
SIXTEENTH = 0.25
MAJOR = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88]
MINOR = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17]

def notes(path, channel):
    """(onset in quarters, pitch, duration) of the note-ons on a channel (None: any)."""
    f = mido.MidiFile(path)
    out, open_, t = [], {}, 0
    for msg in mido.merge_tracks(f.tracks):
        t += msg.time
        if msg.type not in ("note_on", "note_off") or (channel is not None and msg.channel != channel):
            continue
        q = t / f.ticks_per_beat
        if msg.type == "note_on" and msg.velocity > 0:
            open_[(msg.channel, msg.note)] = len(out)
            out.append([q, msg.note, 0.25])
        elif (msg.channel, msg.note) in open_:
            i = open_.pop((msg.channel, msg.note))
            out[i][2] = q - out[i][0]
    return sorted(out)

def key_of(melody):
    """Krumhansl-Kessler: the key whose profile best matches the melody's duration-weighted pitch classes."""
    w = [0.0] * 12
    for _, p, d in melody:
        w[p % 12] += max(d, 0.125)
    def corr(a, b):
        ma, mb = sum(a) / 12, sum(b) / 12
        num = sum((x - ma) * (y - mb) for x, y in zip(a, b))
        den = (sum((x - ma) ** 2 for x in a) * sum((y - mb) ** 2 for y in b)) ** 0.5
        return num / den if den else 0
    best = max(((corr(w, [prof[(i - tonic) % 12] for i in range(12)]), tonic, mode)
                for tonic in range(12) for mode, prof in (("major", MAJOR), ("minor", MINOR))))
    steps = [0, 2, 4, 5, 7, 9, 11] if best[2] == "major" else [0, 2, 3, 5, 7, 8, 10]
    return {(best[1] + s) % 12 for s in steps}

def windows(melody):
    """Transposition-invariant 8-note windows: 7 pitch intervals and 7 onset intervals in sixteenths."""
    out = set()
    for i in range(len(melody) - 7):
        w = melody[i:i + 8]
        out.add(tuple((w[k][1] - w[k - 1][1], round((w[k][0] - w[k - 1][0]) * 4)) for k in range(1, 8)))
    return out

def measure(name, list_row):
    file, barq = list_row
    barq = float(barq)
    turn = bars * barq
    r = json.load(open(f"{work}/{name}.json"))
    player = notes(file, None)
    ons = notes(f"{work}/{name}.out.mid", 15)  # the host puts suggestions on channel 16
    scale = key_of(player)
    played = windows(player)
    res = dict(turns=0, on_downbeat=0, early=0, in_players=0, answers=[], rests=[])
    for k in range(4):
        downbeat = (2 * k + 1) * turn
        answer = [n for n in ons if downbeat - 1e-3 <= n[0] < downbeat + turn]
        if not answer:
            continue
        res["turns"] += 1
        first = answer[0][0]
        res["rests"].append(first - downbeat)
        if first < downbeat - 1e-3: res["early"] += 1
        if first - downbeat < SIXTEENTH - 1e-3: res["on_downbeat"] += 1
        pitches = [n[1] for n in answer]
        echo = bool(windows(answer) & played)
        res["answers"].append(dict(notes=len(pitches), range=max(pitches) - min(pitches),
                                   in_key=sum(p % 12 in scale for p in pitches) / len(pitches), echo=echo))
    res["in_players"] = sum(1 for n in ons if int(n[0] // turn) % 2 == 0 or n[0] >= 8 * turn)
    for key in ("trade_answers", "answers_late", "trade_lead_ms_min", "trade_lead_ms_p1", "trade_lead_ms_p50",
                "dropped_late", "grid_off_note_ons", "audio_thread_allocations", "stuck_notes", "engine_model_state"):
        res[key] = r.get(key)
    return res

rows = [line.rstrip("\n").split("\t") for line in open(f"{work}/list.tsv") if line.strip()]
print(f"{len(rows)} songs listed, turns of {bars} bars, 4 exchanges each, trade on (--param trade=index), 120 BPM")
hdr = f"{'song':<22} {'block':>5} {'turns':>5} {'on db':>5} {'early':>5} {'in pl':>5} {'late':>4} {'lead min':>8} {'p1':>7} {'p50':>7} {'drop':>4} {'grid':>4} {'alloc':>5} {'model':>7}"
print(hdr)
total = {}
for block in ("128", "1024"):
    t = total[block] = dict(songs=0, turns=0, on_downbeat=0, early=0, in_players=0, late=0, trade_answers=0,
                            leads_min=[], p1=[], p50=[], dropped=0, grid=0, alloc=0, answers=[], rests=[])
    for i, row in enumerate(rows, 1):
        if not os.path.exists(f"{work}/s{i}_b{block}.json") or os.path.getsize(f"{work}/s{i}_b{block}.json") == 0:
            continue
        m = measure(f"s{i}_b{block}", row)
        name = row[0].rsplit("/", 1)[-1][:22]
        print(f"{name:<22} {block:>5} {m['turns']:>5} {m['on_downbeat']:>5} {m['early']:>5} {m['in_players']:>5} {m['answers_late']:>4} "
              f"{m['trade_lead_ms_min']:>8.1f} {m['trade_lead_ms_p1']:>7.1f} {m['trade_lead_ms_p50']:>7.1f} {m['dropped_late']:>4} "
              f"{m['grid_off_note_ons']:>4} {m['audio_thread_allocations']:>5} {m['engine_model_state']:>7}")
        t["songs"] += 1
        for a, b in (("turns", "turns"), ("on_downbeat", "on_downbeat"), ("early", "early"), ("in_players", "in_players"),
                     ("late", "answers_late"), ("trade_answers", "trade_answers"), ("dropped", "dropped_late"),
                     ("grid", "grid_off_note_ons"), ("alloc", "audio_thread_allocations")):
            t[a] += m[b]
        if m["trade_lead_ms_min"] >= 0:
            t["leads_min"].append(m["trade_lead_ms_min"]); t["p1"].append(m["trade_lead_ms_p1"]); t["p50"].append(m["trade_lead_ms_p50"])
        t["answers"] += m["answers"]; t["rests"] += m["rests"]

def figures(answers):
    if not answers: return "no answers"
    n = len(answers)
    return (f"{n} answers: {sum(a['notes'] for a in answers) / n:.1f} notes, range {sum(a['range'] for a in answers) / n:.1f} semitones, "
            f"in key {sum(a['in_key'] for a in answers) / n:.3f}, echo {100 * sum(a['echo'] for a in answers) / n:.1f} %")

print()
for block, t in total.items():
    print(f"block {block}: {t['turns']} of {4 * t['songs']} co-pilot turns answered (engine: {t['trade_answers']} trade answers), "
          f"first note within a sixteenth of its downbeat {t['on_downbeat']}/{t['turns']}, before it {t['early']}, "
          f"mean rest before it {sum(t['rests']) / max(1, len(t['rests'])):.2f} beats; answer note-ons in the player's turns {t['in_players']}; "
          f"answers_late {t['late']}; lead: least {min(t['leads_min'], default=-1):.1f} ms, song p1 from {min(t['p1'], default=-1):.1f} ms, "
          f"song p50 median {sorted(t['p50'])[len(t['p50']) // 2] if t['p50'] else -1:.1f} ms; dropped late {t['dropped']}, "
          f"off grid {t['grid']}, audio-thread allocations {t['alloc']}")
    print(f"  trading answers: {figures(t['answers'])}")
if silence:
    quiet = []
    for i, row in enumerate(rows, 1):
        if os.path.exists(f"{work}/s{i}_quiet.json") and os.path.getsize(f"{work}/s{i}_quiet.json") > 0:
            quiet += measure(f"s{i}_quiet", row)["answers"]
    print(f"after a silence (Trade off, block 128, the same turns): {figures(quiet)}")
EOF
