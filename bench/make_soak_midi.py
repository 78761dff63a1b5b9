#!/usr/bin/env python3
"""Writes a soak input (our own random material, MIT): MINUTES of random phrases and pauses, chords, sustain pedal
and tempo changes.  make_soak_midi.py OUT.mid MINUTES [SEED]"""
import random
import sys

import mido

out, minutes = sys.argv[1], float(sys.argv[2])
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
mid = mido.MidiFile(ticks_per_beat=480)
track = mido.MidiTrack()
mid.tracks.append(track)
events = []
tick, seconds, bpm = 0, 0.0, 120.0
while seconds < minutes * 60:
    if rng.random() < 0.3:
        bpm = rng.choice([72, 90, 100, 120, 132, 150, 174])
        events.append((tick, 0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm))))
    phrase_beats = rng.randint(2, 8)
    start = tick
    while tick < start + phrase_beats * 480:
        length = rng.choice([120, 240, 240, 480, 720])
        pitches = [rng.randint(48, 84)] if rng.random() < 0.8 else rng.sample(range(48, 84), rng.randint(2, 5))
        if rng.random() < 0.1:
            events.append((tick, 1, mido.Message("control_change", control=64, value=127)))
            events.append((tick + length * 2, 1, mido.Message("control_change", control=64, value=0)))
        for p in pitches:
            events.append((tick, 2, mido.Message("note_on", note=p, velocity=rng.randint(40, 120))))
            events.append((tick + max(60, length - 30), 1, mido.Message("note_off", note=p, velocity=0)))
        tick += length
    tick += rng.randint(2, 12) * 480  # a pause: the co-pilot answers
    seconds += (tick - start) / 480 * 60 / bpm  # this phrase and pause, at the tempo they were written in
events.sort(key=lambda e: (e[0], e[1]))
now = 0
for t, _, msg in events:
    msg.time = t - now
    now = t
    track.append(msg)
mid.save(out)
