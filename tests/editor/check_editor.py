#!/usr/bin/python3
"""Checks for the editor test (tests/editor/editor_test.sh); each prints "ok: ..." or "FAILED: ..." lines.

  check_editor.py shot PNG SCALE [WxH] [--layout FILE]
                                      the screenshot is not blank; controls, phrase, takes and status where expected
                                      (with the editor's layout file, where it says they are)
  check_editor.py take DROPPED OUT_MID the dropped .mid is readable and is the take the plug-in played (channel 16)
  check_editor.py accepted TAKE OUT_MID an accepted take (exported as TAKE) was played on the MIDI output from a bar line
  check_editor.py more BEFORE AFTER     after More like this, the selected take keeps BEFORE's first bar and goes on anew

What a test waits for, read off a screenshot and the layout file the editor wrote (AICOPILOT_EDITOR_LAYOUT):
  check_editor.py outline PNG LAYOUT TAKE prints how take TAKE (0-based) is outlined: playing, selected, hover or none
"""
import subprocess
import sys

import mido

# Colours the editor draws with (src/Plugin/Editor/EditorRenderer.cs).
BUTTON_ON = (0x2F, 0x7D, 0x5B)
PHRASE_NOTE = (0x5A, 0xA9, 0xE6)
TAKE_NOTE = (0xF2, 0x9E, 0x4C)

failures = 0


def check(ok, what):
    global failures
    print(("  ok: " if ok else "  FAILED: ") + what)
    failures += 0 if ok else 1


def load_rgb(path):
    size = subprocess.run(["/usr/bin/identify", "-format", "%w %h", path], capture_output=True, text=True, check=True).stdout
    width, height = map(int, size.split())
    raw = subprocess.run(["/usr/bin/convert", path, "-depth", "8", "rgb:-"], capture_output=True, check=True).stdout
    return width, height, raw


def near(pixel, colour, tolerance=12):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour))


def read_layout(path):
    """The editor's layout file: {(ACTION, TAKE): (x, y, w, h)} in window pixels."""
    places = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 6:
                places[(parts[0], int(parts[1]))] = tuple(map(int, parts[2:]))
    return places


def shot(path, scale, size=None, layout=None):
    try:
        width, height, raw = load_rgb(path)
        places = read_layout(layout) if layout else None
    except (subprocess.CalledProcessError, ValueError, OSError) as e:
        check(False, f"a screenshot to check: {path} or its layout could not be read ({e.__class__.__name__})")
        return
    s = float(scale)
    logical = tuple(map(int, size.split("x"))) if size else (900, 560)
    pixel = lambda x, y: tuple(raw[(y * width + x) * 3:(y * width + x) * 3 + 3])

    def count(colour, x0, y0, x1, y1):  # in window pixels
        n = 0
        for y in range(max(0, int(y0)), min(height, int(y1)), 2):
            for x in range(max(0, int(x0)), min(width, int(x1)), 2):
                n += near(pixel(x, y), colour)
        return n * 4  # every other pixel in both directions

    def box(name, take=-1):  # where the layout puts it, as x0, y0, x1, y1
        x, y, w, h = places[(name, take)]
        return x, y, x + w, y + h

    check((width, height) == (round(logical[0] * s), round(logical[1] * s)), f"the editor is {width}x{height} at scale {scale}")
    colours = {raw[i:i + 3] for i in range(0, len(raw), 3 * 7)}
    check(len(colours) > 50, f"not blank: {len(colours)} distinct colours (a blank window has 1)")
    if places is None:
        listen = near(pixel(int(16 * s), int(12 * s)), BUTTON_ON)
        phrase = count(PHRASE_NOTE, 44 * s, 100 * s, 160 * s, 480 * s)
        takes = count(TAKE_NOTE, 500 * s, 100 * s, 890 * s, 480 * s)
        status_box = (8 * s, (logical[1] - 20) * s, 600 * s, (logical[1] - 4) * s)
    else:
        x0, y0, x1, y1 = box("ToggleListen")
        listen = count(BUTTON_ON, x0, y0, x1, y1) > 0.4 * (x1 - x0) * (y1 - y0)  # lit: mostly its colour, around the label
        phrase = count(PHRASE_NOTE, *box("Phrase"))
        takes = sum(count(TAKE_NOTE, *box("Take", t)) for t in range(8) if ("Take", t) in places)
        status_box = box("Status")
    check(listen, "the Listen button, lit, at the top left")
    check(phrase > 150 * s * s, f"the player's phrase in the piano roll ({phrase} note pixels)")
    check(takes > 150 * s * s, f"suggestion takes beside it ({takes} note pixels)")
    x0, y0, x1, y1 = (int(v) for v in status_box)
    status = sum(1 for x in range(x0, min(x1, width)) for y in range(y0, min(y1, height)) if sum(pixel(x, y)) > 500)
    check(status > 50 * s * s, f"a status line with text at the bottom ({status} text pixels)")


# The colours a take column's outline has (EditorRenderer: playing, selected, hovered).
OUTLINES = {"playing": (0xF5, 0xD0, 0x4C), "selected": (0x8F, 0x7C, 0xF2), "hover": (0x8A, 0x93, 0xA3)}


def outline(path, layout, take):
    """How the take's column is outlined: the colour most of its left edge has (the 2.5 px stroke 1 px inside it)."""
    width, height, raw = load_rgb(path)
    x, y, w, h = read_layout(layout)[("Take", take)]
    pixel = lambda px, py: tuple(raw[(py * width + px) * 3:(py * width + px) * 3 + 3])
    votes = {name: 0 for name in OUTLINES}
    for py in range(y + h // 4, y + 3 * h // 4):
        for px in range(x, x + 4):
            for name, colour in OUTLINES.items():
                votes[name] += near(pixel(px, py), colour, 24)
    best = max(votes, key=votes.get)
    return best if votes[best] > h // 4 else "none"


def onsets(path, channel=None):
    song = mido.MidiFile(path)
    tick, notes = 0, []
    for message in mido.merge_tracks(song.tracks):
        tick += message.time
        if message.type == "note_on" and message.velocity > 0 and (channel is None or message.channel == channel):
            notes.append((tick / song.ticks_per_beat, message.note))
    return notes


def take(dropped, played_path):
    try:
        dragged = onsets(dropped)
    except Exception as e:  # any reading error is the failure being tested for
        check(False, f"the dropped file reads as MIDI ({e})")
        return
    check(len(dragged) > 0, f"the dropped file reads as MIDI, {len(dragged)} notes")
    played = onsets(played_path, channel=15)
    check(len(played) >= 4, f"the plug-in played the first take ({len(played)} notes recorded)")
    if not dragged or not played:
        return
    # Same notes at the same times (relative to the first), as far as the recording goes.
    key = lambda notes: sorted((round((t - notes[0][0]) * 8) / 8, p) for t, p in notes)
    span = played[-1][0] - played[0][0]
    prefix = [n for n in dragged if n[0] - dragged[0][0] <= span + 1e-6]
    check(key(prefix) == key(played), f"the dragged take is the take the plug-in played ({len(played)} notes compared)")


def accepted(take_path, played_path):
    take = onsets(take_path)
    played = onsets(played_path, channel=15)
    check(len(take) > 0, f"the exported take reads as MIDI, {len(take)} notes")
    if not take:
        return
    # Find where the take starts in what came out; it must start on a bar line (4/4 from beat 0) and follow the take
    # note for note (as far as the recording goes).
    rel = lambda notes, i: sorted((round((t - notes[i][0]) * 8) / 8, p) for t, p in notes[i:])
    lead = round((take[0][0] - 0) * 8) / 8  # the take file starts at its bar line; its first note may come later
    found = None
    for i in range(len(played)):
        start = played[i][0] - lead
        if abs(start / 4 - round(start / 4)) > 1e-3:
            continue
        tail = [n for n in played[i:] if n[0] - played[i][0] <= take[-1][0] - take[0][0] + 1e-6]
        want = [n for n in take if n[0] - take[0][0] <= tail[-1][0] - played[i][0] + 1e-6]
        if len(tail) >= min(4, len(take)) and sorted((round((t - tail[0][0]) * 8) / 8, p) for t, p in tail) == \
                sorted((round((t - want[0][0]) * 8) / 8, p) for t, p in want):
            found = (start, len(tail))
            break
    check(found is not None, "the accepted take came out on the MIDI output" +
          (f" from beat {found[0]:g} (a bar line), {found[1]} notes in order" if found else ""))


def more(before_path, after_path):
    """More like this on a take: the take selected afterwards starts with the same first bar and goes on otherwise."""
    before, after = onsets(before_path), onsets(after_path)
    first = lambda notes: sorted((round(t * 8) / 8, p) for t, p in notes if t < 4 - 1e-6)
    check(len(first(before)) > 0 and first(after) == first(before),
          f"the new take keeps the first bar of the one asked about ({len(first(before))} notes, {len(first(after))} after)")
    rest = lambda notes: sorted((round(t * 8) / 8, p) for t, p in notes if t >= 4 - 1e-6)
    check(rest(after) != rest(before), f"and goes on anew after it ({len(rest(before))} notes before, {len(rest(after))} now)")


if __name__ == "__main__":
    if sys.argv[1] == "shot":
        args = sys.argv[2:]
        layout = args[args.index("--layout") + 1] if "--layout" in args else None
        args = [a for i, a in enumerate(args) if a != "--layout" and (i == 0 or args[i - 1] != "--layout")]
        shot(args[0], args[1], args[2] if len(args) > 2 else None, layout)
    elif sys.argv[1] == "outline":
        print(outline(sys.argv[2], sys.argv[3], int(sys.argv[4])))
    elif sys.argv[1] == "take":
        take(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "accepted":
        accepted(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "more":
        more(sys.argv[2], sys.argv[3])
    sys.exit(1 if failures else 0)
