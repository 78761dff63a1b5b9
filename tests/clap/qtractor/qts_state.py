#!/usr/bin/python3
"""Reads AiCoPilot's saved state out of a Qtractor session (.qts) and prints it as JSON.

Qtractor keeps a CLAP plug-in's state (clap_plugin_state.save) in <plugin type="CLAP"><configs><config key="state">,
compressed as Qt's qCompress does (a 4-byte big-endian length, then zlib) and in base64 with line breaks. Inside is
our state (src/Wrapper/control/state_codec.cpp): "AICPSTAT", format u32, payload size u32, parameters (id, f64),
list values (format 3 on: id, entry id), named blobs, and an FNV-1a 64 checksum of everything before it.

  qts_state.py SESSION.qts PLUGIN_FILE_SUBSTRING      (or: qts_state.py --raw STATE_FILE, a state saved by aicp-host)
prints {"format": .., "params": {id: value}, "entries": {id: entry}, "blobs": {name: size}, "saved_by": "..",
"checksum_ok": true|false, "bytes": n}"""
import base64
import json
import struct
import sys
import xml.etree.ElementTree as ET
import zlib


def fnv1a64(data):
    h = 14695981039346656037
    for b in data:
        h ^= b
        h = (h * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


def state_bytes(session, plugin_substring):
    root = ET.parse(session).getroot()
    for plugin in root.iter("plugin"):
        name = plugin.findtext("filename") or ""
        if plugin.get("type") == "CLAP" and plugin_substring in name:
            for config in plugin.iter("config"):
                if config.get("key") == "state" and config.text:
                    packed = base64.b64decode("".join(config.text.split()))
                    (length,) = struct.unpack_from(">I", packed, 0)
                    data = zlib.decompress(packed[4:])
                    if len(data) != length:
                        raise SystemExit(f"{session}: the state's length is {len(data)}, its header says {length}")
                    return data
            raise SystemExit(f"{session}: the plug-in has no saved state")
    raise SystemExit(f"{session}: no CLAP plug-in {plugin_substring!r} in the session")


def decode(data):
    if data[:8] != b"AICPSTAT":
        raise SystemExit("not an AiCoPilot state")
    version, payload = struct.unpack_from("<II", data, 8)
    p = 16
    out = {"format": version, "params": {}, "entries": {}, "blobs": {}, "bytes": len(data)}
    (count,) = struct.unpack_from("<I", data, p)
    p += 4
    for _ in range(count):
        n = data[p]
        key = data[p + 1:p + 1 + n].decode()
        (value,) = struct.unpack_from("<d", data, p + 1 + n)
        out["params"][key] = value
        p += 1 + n + 8
    if version >= 3:
        (count,) = struct.unpack_from("<I", data, p)
        p += 4
        for _ in range(count):
            n = data[p]
            key = data[p + 1:p + 1 + n].decode()
            p += 1 + n
            m = data[p]
            out["entries"][key] = data[p + 1:p + 1 + m].decode()
            p += 1 + m
    (count,) = struct.unpack_from("<I", data, p)
    p += 4
    for _ in range(count):
        n = data[p]
        name = data[p + 1:p + 1 + n].decode()
        p += 1 + n
        (size,) = struct.unpack_from("<I", data, p)
        p += 4
        out["blobs"][name] = size
        if name == "saved_by":
            out["saved_by"] = data[p:p + size].decode(errors="replace")
        p += size
    (stored,) = struct.unpack_from("<Q", data, p)
    out["checksum_ok"] = p + 8 == len(data) and p == 16 + payload and stored == fnv1a64(data[:p])
    return out


if __name__ == "__main__":
    if sys.argv[1] == "--raw":
        print(json.dumps(decode(open(sys.argv[2], "rb").read())))
    else:
        print(json.dumps(decode(state_bytes(sys.argv[1], sys.argv[2]))))
