#!/usr/bin/python3
"""Helpers and checks for the Ardour GUI test (tests/e2e/ardour_gui_test.sh); checks print "ok: ..." or "FAILED: ...".

  ardour_gui_check.py open-editor SESSION TRACK X Y  marks AiCoPilot's plug-in window on TRACK as open in the session's
                                                   saved window state, at X,Y: Ardour opens it when it loads the session
  ardour_gui_check.py find-colour PNG RRGGBB        prints the box "x0 y0 x1 y1" of the pixels of that colour, shaded
                                                   (a track's number label in Ardour's editor), nothing if there are none
  ardour_gui_check.py editor PNG LAYOUT DX DY STAGE  the editor's own drawing is in the screenshot of Ardour's plug-in
                                                   window where the layout file (AICOPILOT_EDITOR_LAYOUT) says, the
                                                   editor being at DX,DY in that window; STAGE: open (controls), takes
                                                   (the phrase and the takes too), playing (take 1 outlined as playing)
                                                   or stopped (no take outlined as playing)
  ardour_gui_check.py region SESSION TRACK TAKE OTHER  TRACK's playlist in the saved session holds one region whose MIDI
                                                   source has TAKE's notes (same pitches at the same beats); OTHER has none
"""
import glob
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import mido
import numpy

CLASS_ID = "41694350696C6F744D49444900000001"  # AiCoPilot's VST3 class ID, as Ardour writes it
# Colours the editor draws with (src/Plugin/Editor/EditorRenderer.cs).
BACKGROUND = (0x1B, 0x1F, 0x26)
BUTTON_ON = (0x2F, 0x7D, 0x5B)
PHRASE_NOTE = (0x5A, 0xA9, 0xE6)
TAKE_NOTE = (0xF2, 0x9E, 0x4C)
PLAYING = (0xF5, 0xD0, 0x4C)  # the outline of the take that plays

failures = 0


def check(ok, what):
    global failures
    print(("  ok: " if ok else "  FAILED: ") + what)
    failures += 0 if ok else 1


# ---- the session file ----

def route_and_plugin(root, track):
    for route in root.iter("Route"):
        if route.get("name") != track:
            continue
        for proc in route.iter("Processor"):
            if proc.get("type") == "vst3" and proc.get("unique-id") == CLASS_ID:
                return route, proc
        return route, None
    return None, None


def open_editor(session, track, x, y):
    tree = ET.parse(session)
    root = tree.getroot()
    route, plugin = route_and_plugin(root, track)
    if plugin is None:
        raise SystemExit(f"{session}: no AiCoPilot on a track named {track}")
    extra = root.find("Extra")
    if extra is None:
        extra = ET.SubElement(root, "Extra")
    ui = extra.find("UI")
    if ui is None:
        ui = ET.SubElement(extra, "UI")
    # The name Ardour's processor box gives the plug-in's window proxy: P-<route id>-<processor id>.
    ET.SubElement(ui, "Window", {"name": f"P-{route.get('id')}-{plugin.get('id')}", "visible": "1", "x-off": x, "y-off": y,
                                 "x-size": "-1", "y-size": "-1", "custom-ui": "1"})
    tree.write(session, encoding="UTF-8", xml_declaration=True)


def take_notes(path):
    """(beat, pitch) of each note-on, in beats from the file's start."""
    song = mido.MidiFile(path)
    tick, notes = 0, []
    for message in mido.merge_tracks(song.tracks):
        tick += message.time
        if message.type == "note_on" and message.velocity > 0:
            notes.append((round(tick / song.ticks_per_beat * 96) / 96, message.note))
    return sorted(notes)


def beats(value):
    """A beat-time value from a session file ("b30720" or "b30720@b0": 1920 ticks a beat) in beats; None if not."""
    value = value.split("@")[0]
    return int(value[1:]) / 1920 if value.startswith("b") else None


def region(session, track, take, other):
    try:
        root = ET.parse(session).getroot()
    except (ET.ParseError, OSError) as e:
        check(False, f"the saved session reads ({e})")
        return
    routes = {r.get("name"): r.get("id") for r in root.iter("Route")}
    playlists = {p.get("orig-track-id"): p for p in root.find("Playlists").iter("Playlist")}
    sources = {s.get("id"): s.get("name") for s in root.find("Sources").iter("Source")}
    target = playlists.get(routes.get(track))
    regions = [] if target is None else target.findall("Region")
    names = ", ".join(r.get("name") for r in regions)
    check(len(regions) == 1, f"the {track} track holds one region in the saved session ({len(regions)}: {names})")
    elsewhere = playlists.get(routes.get(other))
    check(elsewhere is not None and not elsewhere.findall("Region"), f"and the {other} track none")
    if len(regions) != 1:
        return
    stem = os.path.splitext(os.path.basename(take))[0]
    check(regions[0].get("name").startswith(stem), f"the region is the dragged take ({regions[0].get('name')} from {stem}.mid)")
    name = sources.get(regions[0].get("source-0"))
    files = glob.glob(os.path.join(os.path.dirname(session), "interchange", "*", "midifiles", name or "-"))
    check(len(files) == 1, f"its MIDI source is in the session folder ({name})")
    if len(files) != 1:
        return
    start, length = beats(regions[0].get("start")), beats(regions[0].get("length"))
    held = [n for n in take_notes(files[0]) if start is None or length is None or start - 1e-6 <= n[0] < start + length]
    dragged = take_notes(take)
    check(len(dragged) > 0 and held == dragged,
          f"the region holds the take's notes: {len(held)} notes in the region, {len(dragged)} in the take, same pitches at the same beats")
    print(f"  region: {len(held)} notes, {length:g} beats" if length is not None else f"  region: {len(held)} notes")


# ---- screenshots ----

def load_image(path):
    """The picture as a height x width x 3 array of 8-bit RGB (ImageMagick's convert writes it as a PPM)."""
    ppm = subprocess.run(["/usr/bin/convert", path, "-depth", "8", "ppm:-"], capture_output=True, check=True).stdout
    fields, at = [], 0
    while len(fields) < 4:  # P6, width, height, maxval, separated by whitespace
        while ppm[at:at + 1].isspace():
            at += 1
        end = at
        while not ppm[end:end + 1].isspace():
            end += 1
        fields.append(ppm[at:end])
        at = end
    width, height = int(fields[1]), int(fields[2])
    return numpy.frombuffer(ppm, dtype=numpy.uint8, count=width * height * 3, offset=at + 1).reshape(height, width, 3)


def find_colour(png, hexcolour):
    """Ardour draws a track's number label in the track's colour, shaded: a pixel matches when its colour is the
    colour scaled (the same proportions of red, green and blue) and not dark."""
    image = load_image(png).astype(float)
    colour = numpy.array([int(hexcolour[i:i + 2], 16) for i in (0, 2, 4)], dtype=float)
    bright = image.max(axis=2)
    shape = image / numpy.maximum(bright, 1)[:, :, None]
    match = (numpy.abs(shape - colour / colour.max()).max(axis=2) < 0.1) & (bright > 0.5 * colour.max())
    rows = numpy.nonzero(match.sum(axis=1) >= 5)[0]  # rows crossing the label, not a stray pixel of that colour
    if len(rows) >= 5:
        xs = numpy.nonzero(match[rows].any(axis=0))[0]
        print(xs.min(), rows.min(), xs.max(), rows.max())


def layout_rects(path):
    rects = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 6:
                rects[(parts[0], int(parts[1]))] = tuple(map(int, parts[2:]))
    return rects


def editor(png, layout, dx, dy, stage):
    try:
        image = load_image(png).astype(int)
    except (subprocess.CalledProcessError, ValueError, OSError) as e:
        check(False, f"a screenshot of Ardour's plug-in window: {png} could not be read ({e.__class__.__name__})")
        return
    height, width, _ = image.shape
    rects = layout_rects(layout)
    dx, dy = int(dx), int(dy)

    def part(rect):  # the pixels of a rectangle given in the editor's window pixels
        x, y, w, h = rect
        return image[max(dy + y, 0):max(dy + y + h, 0), max(dx + x, 0):max(dx + x + w, 0)]

    def count(colour, rect, tolerance=12):
        pixels = part(rect)
        return int((numpy.abs(pixels - numpy.array(colour)) <= tolerance).all(axis=2).sum()), max(pixels.shape[0] * pixels.shape[1], 1)

    status = rects.get(("Status", -1))
    editor_w, editor_h = (status[0] + status[2], status[1] + status[3]) if status else (0, 0)
    check(status is not None and dx >= 0 and dy >= 0 and dx + editor_w <= width and dy + editor_h <= height,
          f"the editor ({editor_w}x{editor_h} at {dx},{dy}) lies within Ardour's plug-in window ({width}x{height})")
    if status is None:
        return
    # Ardour's own drawing around the editor: its plug-in window's toolbar (above the editor) is not the editor's.
    if dy >= 8:
        n, total = count(BACKGROUND, (0, -dy, editor_w, dy), 2)
        check(n < total / 2, f"Ardour's own toolbar above the editor ({dy} px; {100 * n // total} % the editor's background)")
    n, total = count(BACKGROUND, (0, 0, editor_w, editor_h), 2)
    check(n > total / 10, f"the editor's background colour where the layout puts the editor ({100 * n // total} %)")
    colours = len(numpy.unique(part((0, 0, editor_w, editor_h)).reshape(-1, 3), axis=0))
    check(colours > 50, f"the editor's drawing, not a blank window: {colours} distinct colours")
    listen = rects.get(("ToggleListen", -1))
    n, total = count(BUTTON_ON, listen) if listen else (0, 1)
    check(n > total / 2, f"the Listen button, lit, where the layout puts it ({100 * n // total} % of it)")
    text = int((part(status).sum(axis=2) > 500).sum())
    check(text > 50, f"the status line has text at the editor's bottom ({text} text pixels)")
    if stage in ("playing", "stopped"):
        # The outline of the take that plays, around take 1's column.
        outline = count(PLAYING, rects[("Take", 0)], 8)[0] if ("Take", 0) in rects else 0
        if stage == "playing":
            check(outline > 200, f"take 1 is outlined as playing ({outline} outline pixels)")
        else:
            check(outline < 50, f"no take is shown playing ({outline} pixels of the playing outline around take 1)")
        return
    if stage == "open":
        return
    phrase, _ = count(PHRASE_NOTE, rects[("Phrase", -1)]) if ("Phrase", -1) in rects else (0, 0)
    check(phrase > 150, f"the riff played in, in the phrase column ({phrase} note pixels)")
    takes = [count(TAKE_NOTE, r)[0] for (name, _), r in sorted(rects.items()) if name == "Take"]
    check(len(takes) > 0 and all(t > 20 for t in takes) and sum(takes) > 150,
          f"takes in every take column ({', '.join(map(str, takes))} note pixels)")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "open-editor":
        open_editor(*sys.argv[2:6])
    elif command == "find-colour":
        find_colour(*sys.argv[2:4])
    elif command == "editor":
        editor(*sys.argv[2:7])
    elif command == "region":
        region(*sys.argv[2:6])
    else:
        raise SystemExit(__doc__)
    sys.exit(1 if failures else 0)
