#!/usr/bin/env python3
"""Writes the benchmark inputs (our own material, MIT):
  dense.mid   - 4 bars of held 8-note chords, so the continuation keeps all 16 preview voices sounding
  phrases.mid - 12 short phrases, each followed by 3 bars of silence (phrase-end latency statistics)"""
import sys
import mido

out = sys.argv[1] if len(sys.argv) > 1 else "."


def save(name, notes, bpm=120):
    mid = mido.MidiFile(ticks_per_beat=480)
    track = mido.MidiTrack()
    mid.tracks.append(track)
    track.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm), time=0))
    events = []
    for pitch, start, length in notes:
        events.append((start, 1, mido.Message("note_on", note=pitch, velocity=90)))
        events.append((start + length, 0, mido.Message("note_off", note=pitch, velocity=0)))
    events.sort(key=lambda e: (e[0], e[1]))
    now = 0
    for tick, _, msg in events:
        msg.time = tick - now
        now = tick
        track.append(msg)
    mid.save(f"{out}/{name}")


chords = [[48, 52, 55, 60, 64, 67, 72, 76], [53, 57, 60, 65, 69, 72, 77, 81], [55, 59, 62, 67, 71, 74, 79, 83], [48, 52, 55, 60, 64, 67, 72, 76]]
save("dense.mid", [(p, bar * 1920, 1900) for bar, chord in enumerate(chords) for p in chord])

riffs = [[60, 62, 64, 67], [67, 65, 64, 62], [64, 67, 69, 72], [72, 71, 69, 67]]
notes = []
for phrase in range(12):
    start = phrase * 4 * 1920  # a bar of notes, then three of silence
    for q, pitch in enumerate(riffs[phrase % 4]):
        notes.append((pitch, start + q * 480, 400))
save("phrases.mid", notes)
