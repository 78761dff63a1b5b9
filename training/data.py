"""Reads the token ids written by `aicopilot tokenize` (index.json + tokens.bin). No tokenizer here: the only one is
the C# tokenizer. Transposition augmentation shifts pitch ids and chord roots using the id ranges in index.json."""
import json
import os

import numpy as np


class TokenCorpus:
    def __init__(self, directory, expected_hash=None):
        with open(os.path.join(directory, "index.json")) as f:
            self.index = json.load(f)
        if expected_hash and self.index["vocab_hash"] != expected_hash:
            raise SystemExit(f"tokens were written for vocabulary {self.index['vocab_hash']}, expected {expected_hash}")
        self.tokens = np.fromfile(os.path.join(directory, "tokens.bin"), dtype="<u2").astype(np.int64)
        self.vocab_size = self.index["vocab_size"]
        self.vocab_hash = self.index["vocab_hash"]
        self.spec_version = self.index["spec_version"]
        r = self.index["ranges"]
        self.pitch_start, self.pitch_count = r["pitch"]["start"], r["pitch"]["count"]
        self.chord_start, self.chord_count = r["chord"]["start"], r["chord"]["count"]
        self.qualities = r["chord_qualities"]

    def split(self, name):
        """All songs of a split, concatenated (each song is BOS ... EOS)."""
        parts = [self.tokens[s["offset"]:s["offset"] + s["length"]] for s in self.index["songs"] if s["split"] == name]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def datasets(self):
        return sorted({s["dataset"] for s in self.index["songs"]})

    def transpose(self, window, k):
        """Shifts every pitch by k semitones and every chord root by k; None when a pitch would leave 0..127."""
        if k == 0:
            return window
        out = window.copy()
        pitch = (window >= self.pitch_start) & (window < self.pitch_start + self.pitch_count)
        shifted = window[pitch] + k
        if shifted.size and (shifted.min() < self.pitch_start or shifted.max() >= self.pitch_start + self.pitch_count):
            return None
        out[pitch] = shifted
        chord = (window >= self.chord_start) & (window < self.chord_start + self.chord_count)
        index = window[chord] - self.chord_start
        root, quality = index // self.qualities, index % self.qualities
        out[chord] = self.chord_start + ((root + k) % 12) * self.qualities + quality
        return out
