#!/usr/bin/env python3
"""Reads AiCoPilot's saved state out of two Ardour session files and checks the learned style blob survived.

Ardour keeps a VST3 plug-in's state as base64 in <Processor type="vst3"><vst3><chunk>; inside it is our state
(src/Wrapper/control/state_codec.cpp): "AICPSTAT", version u32, payload size u32, parameters, list values (format 3
on), then named blobs.
Exit code 0 when both sessions hold the same, non-trivial "style" blob."""
import base64
import struct
import sys
import xml.etree.ElementTree as ET

CLASS_ID = "41694350696C6F744D49444900000001"


def style_blob(session_path):
    root = ET.parse(session_path).getroot()
    for proc in root.iter("Processor"):
        if proc.get("type") == "vst3" and proc.get("unique-id") == CLASS_ID:
            chunk = proc.find("vst3/chunk")
            if chunk is None or not chunk.text:
                raise SystemExit(f"{session_path}: the plug-in has no saved state")
            data = base64.b64decode(chunk.text)
            at = data.find(b"AICPSTAT")
            if at < 0:
                raise SystemExit(f"{session_path}: no AiCoPilot state in the chunk")
            p = at + 8
            version, payload = struct.unpack_from("<II", data, p)
            p += 8
            (count,) = struct.unpack_from("<I", data, p)
            p += 4
            for _ in range(count):
                n = data[p]
                p += 1 + n + 8
            if version >= 3:  # list values by entry ID: id and entry, each a length byte and its text
                (entries,) = struct.unpack_from("<I", data, p)
                p += 4
                for _ in range(entries):
                    p += 1 + data[p]
                    p += 1 + data[p]
            (blobs,) = struct.unpack_from("<I", data, p)
            p += 4
            for _ in range(blobs):
                n = data[p]
                name = data[p + 1:p + 1 + n].decode()
                p += 1 + n
                (size,) = struct.unpack_from("<I", data, p)
                p += 4
                if name == "style":
                    return data[p:p + size]
                p += size
            raise SystemExit(f"{session_path}: the state has no style blob")
    raise SystemExit(f"{session_path}: AiCoPilot not found in the session")


before, after = style_blob(sys.argv[1]), style_blob(sys.argv[2])
print(f"  style blob: {len(before)} bytes saved, {len(after)} bytes after reopening")
if len(before) < 200:
    raise SystemExit("the saved style is too small to hold what was played")
if before != after:
    raise SystemExit("the style changed across save and reopen")
