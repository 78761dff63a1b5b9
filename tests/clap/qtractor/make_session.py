#!/usr/bin/python3
"""Writes a Qtractor 0.9 session (.qts) for the CLAP test: one MIDI track on channel 1 holding a MIDI clip (a phrase
from a .mid file), and in its plug-in chain AiCoPilot (CLAP) then the test MIDI logger (CLAP), which records what
AiCoPilot sends on. AiCoPilot's settings come in its saved state, as Qtractor keeps a CLAP plug-in's state: the
bytes of clap_plugin_state.save, compressed as Qt's qCompress does (a 4-byte big-endian length, then zlib) and in
base64, in <configs><config key="state">. (Parameter values in <params> are not used: Qtractor 0.9.31 queues them
for the plug-in and then clears its queue before the first flush, so they never reach it.) The element names are
those Qtractor 0.9.31 reads (qtractorSession/Track/Clip/PluginList::loadElement).

The clip is the phrase's notes, every track of the source file merged into one track on MIDI channel 1 (a format 0
file beside the session: Qtractor takes one track or channel of a file per clip).

  make_session.py OUT.qts --phrase PHRASE.mid --clip-seconds S --aicopilot PATH.clap --logger PATH.clap
                  [--state FILE] [--tempo 120] [--rate 48000]
"""
import argparse
import base64
import os
import struct
import zlib
from xml.sax.saxutils import escape


def vlq(value):
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.insert(0, 0x80 | (value & 0x7F))
        value >>= 7
    return bytes(out)


def merged_phrase(source, target, tempo):
    """Every note of every track of `source`, on channel 1, as one format 0 file: (ticks per quarter, note-ons)."""
    data = open(source, "rb").read()
    if data[:4] != b"MThd":
        raise SystemExit(f"{source}: not a MIDI file")
    _, tracks, division = struct.unpack_from(">HHH", data, 8)
    events = []  # (tick, order, status, d1, d2): note-offs before note-ons at one tick
    p = 14
    for _ in range(tracks):
        length = struct.unpack_from(">I", data, p + 4)[0]
        body, p = data[p + 8:p + 8 + length], p + 8 + length
        i = tick = status = 0
        while i < len(body):
            delta = 0
            while True:
                b = body[i]
                i += 1
                delta = (delta << 7) | (b & 0x7F)
                if not b & 0x80:
                    break
            tick += delta
            if body[i] in (0xFF, 0xF0, 0xF7):
                kind = body[i]
                i += 2 if kind == 0xFF else 1
                n = 0
                while True:
                    b = body[i]
                    i += 1
                    n = (n << 7) | (b & 0x7F)
                    if not b & 0x80:
                        break
                i += n
                continue
            if body[i] & 0x80:
                status = body[i]
                i += 1
            kind = status & 0xF0
            d1 = body[i]
            d2 = body[i + 1] if kind not in (0xC0, 0xD0) else 0
            i += 2 if kind not in (0xC0, 0xD0) else 1
            if kind == 0x90 and d2 > 0:
                events.append((tick, 1, 0x90, d1, d2))
            elif kind == 0x80 or (kind == 0x90 and d2 == 0):
                events.append((tick, 0, 0x80, d1, 0))
    events.sort()
    track = b"\x00\xFF\x51\x03" + struct.pack(">I", int(round(60e6 / tempo)))[1:]
    last = 0
    for tick, _, status, d1, d2 in events:
        track += vlq(tick - last) + bytes([status, d1, d2])
        last = tick
    track += b"\x00\xFF\x2F\x00"
    with open(target, "wb") as f:
        f.write(b"MThd" + struct.pack(">IHHH", 6, 0, 1, division) + b"MTrk" + struct.pack(">I", len(track)) + track)
    return sum(1 for e in events if e[2] == 0x90)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--phrase", required=True)
    p.add_argument("--clip-seconds", type=float, required=True)
    p.add_argument("--aicopilot", required=True)
    p.add_argument("--logger", required=True)
    p.add_argument("--state")
    p.add_argument("--tempo", type=float, default=120)
    p.add_argument("--rate", type=int, default=48000)
    a = p.parse_args()
    configs = ""
    if a.state:
        data = open(a.state, "rb").read()
        packed = base64.b64encode(struct.pack(">I", len(data)) + zlib.compress(data)).decode()
        configs = f'     <configs>\n      <config key="state">{packed}</config>\n     </configs>'
    directory = os.path.dirname(os.path.abspath(a.out))
    clip = os.path.join(directory, "phrase.mid")
    merged_phrase(a.phrase, clip, a.tempo)
    name = os.path.splitext(os.path.basename(a.out))[0]
    length = int(round(a.clip_seconds * a.rate))
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE qtractorSession>
<session version="qtractor 0.9.31" name="{escape(name)}">
 <properties>
  <directory>{escape(directory)}</directory>
  <description>AiCoPilot through CLAP (tests/clap/qtractor/qtractor_test.sh)</description>
  <sample-rate>{a.rate}</sample-rate>
  <tempo>{a.tempo:g}</tempo>
  <ticks-per-beat>960</ticks-per-beat>
  <beats-per-bar>4</beats-per-bar>
  <beat-divisor>2</beat-divisor>
 </properties>
 <state>
  <loop-start>0</loop-start>
  <loop-end>0</loop-end>
  <punch-in>0</punch-in>
  <punch-out>0</punch-out>
 </state>
 <files>
  <audio-list/>
  <midi-list/>
 </files>
 <tracks>
  <track name="Piano" type="midi">
   <properties>
    <input-bus>Master</input-bus>
    <output-bus>Master</output-bus>
    <midi-omni>0</midi-omni>
    <midi-channel>0</midi-channel>
   </properties>
   <state>
    <mute>0</mute>
    <solo>0</solo>
    <record>0</record>
    <monitor>0</monitor>
    <gain>1</gain>
    <panning>0</panning>
   </state>
   <clips>
    <clip name="phrase">
     <properties>
      <name>phrase</name>
      <start>0</start>
      <offset>0</offset>
      <length>{length}</length>
      <gain>1</gain>
     </properties>
     <midi-clip>
      <filename>{escape(clip)}</filename>
      <track-channel>0</track-channel>
     </midi-clip>
    </clip>
   </clips>
   <plugins>
    <plugin type="CLAP">
     <filename>{escape(os.path.abspath(a.aicopilot))}</filename>
     <index>0</index>
     <activated>1</activated>
{configs}
    </plugin>
    <plugin type="CLAP">
     <filename>{escape(os.path.abspath(a.logger))}</filename>
     <index>0</index>
     <activated>1</activated>
    </plugin>
   </plugins>
  </track>
 </tracks>
</session>
"""
    with open(a.out, "w") as f:
        f.write(xml)


if __name__ == "__main__":
    main()
