#!/usr/bin/python3
"""Exports a trained checkpoint to ONNX (opset 17) for streaming generation with a KV cache, with metadata, plus a
golden file of logits that the C# tests compare against (max abs difference <= 1e-4).

One graph (model version 4) serves prefill, single steps and batches of candidates: inputs input_ids [B, T],
prefix_length [B], past_length [B], prefix_key_i / prefix_value_i [1, H, P, Dh] (a prefix the rows share: a pool's
prompt, read once a step for all of them; row b sees its first prefix_length[b] positions) and past_key_i /
past_value_i [B, H, S, Dh] (each row's own cache after the prefix, masked from past_length[b] on), all only read;
outputs logits [B, T, V] and new_key_i / new_value_i [B, H, T, Dh], which the runner writes into the row's cache.
P and S are whatever the runner holds. The graph is written node by node (training/step_graph.py) and computes what
MusicTransformer.forward_step computes, checked here in PyTorch and against the golden logits by the C# tests.
The ranges of every weight product's input over the calibration tokens are stored with it (metadata
activation_ranges), for training/quantize.py, which makes the shipped 8-bit model from this float one:
    /usr/bin/python3 training/export.py --checkpoint RUN/best.pt --out models/aicopilot-float.onnx \
        --golden tests/golden/model_logits.json --golden-tokens tests/golden/melody_over_chords.tokens.txt \
        --calibration training/data/all
"""
import argparse
import json
import os
import sys

import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import TokenCorpus  # noqa: E402
from model import Config, MusicTransformer  # noqa: E402
from step_graph import build, weight_name  # noqa: E402

LICENCES = {
    "pop909": "MIT (transcriptions; the songs are copyrighted commercial pop songs)",
    "nottingham": "GPL-3.0",
    "openewld": "MIT (OpenEWLD, 00sapo/OpenEWLD: public-domain lead sheets from Wikifonia)",
    "cre": "CC BY 4.0 / Unlicense (Ceol Rince na hEireann MIDI corpus, polifonia-project/folk_ngram_analysis; "
           "tunes from Breathnach's collection as transcribed by Bill Black)",
}


def calibration_windows(directories, golden_tokens, context, count=256):
    """Up to `count` windows of the context's length, spread over the training split of each token corpus (or the golden
    tokens when none is given)."""
    streams = [TokenCorpus(d).split("train") for d in directories]
    if not streams:
        with open(golden_tokens) as f:
            streams = [np.array([int(t) for t in f.read().split()], dtype=np.int64)]
    per_stream = max(1, count // len(streams))
    windows = []
    for tokens in streams:
        last_start = max(0, len(tokens) - context)
        stride = max(1, last_start // per_stream)
        windows += [tokens[s:s + context] for s in range(0, last_start + 1, stride)][:per_stream]
    return windows


def activation_ranges(model, windows):
    """The smallest and largest value entering every weight product (each Linear and the output head) over the
    windows, by the name of the weight constant in the graph: what the 8-bit model quantizes activations against."""
    ranges = {}

    def record(name):
        def hook(_module, inputs):
            lo, hi = float(inputs[0].min()), float(inputs[0].max())
            old = ranges.get(name, (lo, hi))
            ranges[name] = (min(old[0], lo), max(old[1], hi))
        return hook

    hooks = [module.register_forward_pre_hook(record(weight_name(name + ".weight")))
             for name, module in model.named_modules() if isinstance(module, torch.nn.Linear)]
    with torch.no_grad():
        for w in windows:
            model(torch.tensor(w[None], dtype=torch.long), model.empty_past())
    for h in hooks:
        h.remove()
    return {name: [round(lo, 6), round(hi, 6)] for name, (lo, hi) in sorted(ranges.items())}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--golden", required=True)
    ap.add_argument("--golden-tokens", required=True, help="a token id file (space separated) to take golden sequences from")
    ap.add_argument("--calibration", nargs="*", default=[],
                    help="token corpora (aicopilot tokenize) whose training split calibrates the 8-bit model's activation ranges; "
                         "without any, the golden tokens")
    ap.add_argument("--training-minutes", type=float, default=0)
    args = ap.parse_args()

    saved = torch.load(args.checkpoint)
    config = Config(**saved["config"])
    config.dropout = 0.0
    model = MusicTransformer(config)
    model.load_state_dict(saved["model"])
    model.eval()
    n = config.n_layer
    head_dim = config.d_model // config.n_head

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with torch.no_grad():
        # The streaming form must agree with the training form, the runner's cache writes included.
        full, _ = model(torch.tensor([[1, 3, 7, 28, 40, 90]]), model.empty_past())
        unused = [torch.zeros(1, config.n_head, 1, head_dim) for _ in range(2 * n)]
        store = [torch.zeros(1, config.n_head, config.context, head_dim) for _ in range(2 * n)]
        _, first = model.forward_step(torch.tensor([[1, 3, 7]]), torch.tensor([0]), torch.tensor([0]), unused, store)
        for c, fresh in zip(store, first):
            c[:, :, 0:3] = fresh
        step, _ = model.forward_step(torch.tensor([[28, 40, 90]]), torch.tensor([0]), torch.tensor([3]), unused, store)
        assert torch.allclose(full[0, 3:], step[0], atol=1e-5), "streaming forward disagrees with the training forward"
        # The same tokens held as a shared prefix, in a batch with a row that does not use it.
        shared = [c[:, :, :3].clone() for c in store]
        rows = [torch.zeros(2, config.n_head, 4, head_dim) for _ in range(2 * n)]
        for r, c in zip(rows, store):
            r[1, :, 0:3] = c[0, :, 0:3]
        both, _ = model.forward_step(torch.tensor([[28], [28]]), torch.tensor([3, 0]), torch.tensor([0, 3]), shared, rows)
        assert torch.allclose(both[0, 0], step[0, 0], atol=1e-5) and torch.allclose(both[1, 0], step[0, 0], atol=1e-5), \
            "a row reading the shared prefix or its own cache disagrees with the stream"
    proto = build(model.state_dict(), config)
    windows = calibration_windows(args.calibration, args.golden_tokens, config.context)
    datasets = saved.get("datasets", [])
    meta = {
        "aicopilot_model_version": "4",
        "token_spec_version": str(saved["spec_version"]),
        "vocab_hash": saved["vocab_hash"],
        "vocab_size": str(config.vocab_size),
        "context_length": str(config.context),
        "n_layer": str(config.n_layer),
        "n_head": str(config.n_head),
        "d_model": str(config.d_model),
        "parameter_count": str(model.parameter_count()),
        "training_datasets": ",".join(datasets),
        "training_licences": "; ".join(f"{d}: {LICENCES.get(d, 'unknown')}" for d in datasets),
        "weights_licence": "GPL-3.0" if "nottingham" in datasets else "MIT",
        "training_attribution": "CC BY 4.0 data: Ceol Rince na hEireann MIDI corpus (Polifonia project; Bill Black's ABC "
                                "transcriptions of Breathnach's collection)" if "cre" in datasets else "",
        "training_minutes": f"{args.training_minutes:.0f}",
        "validation_loss_nats": f"{min(h['valid_loss'] for h in saved['history']):.4f}" if saved.get("history") else "",
        "activation_ranges": json.dumps(activation_ranges(model, windows)),
        "calibration": f"{len(windows)} windows of up to {config.context} tokens from "
                       + (", ".join(os.path.basename(os.path.normpath(d)) for d in args.calibration) or "the golden tokens"),
    }
    for key, value in meta.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.checker.check_model(proto, full_check=True)
    onnx.save(proto, args.out)

    # Golden logits: full-sequence forward passes in PyTorch, for fixed token sequences.
    with open(args.golden_tokens) as f:
        tokens = [int(t) for t in f.read().split()]
    n = min(48, config.context)
    sequences = [tokens[:n], tokens[20:20 + min(40, config.context)], [1, 3, 7]]
    golden = {"vocab_hash": saved["vocab_hash"], "sequences": []}
    with torch.no_grad():
        for seq in sequences:
            logits, _ = model(torch.tensor([seq]), model.empty_past())
            golden["sequences"].append({"tokens": seq, "logits": [[round(float(v), 6) for v in row] for row in logits[0]]})
    with open(args.golden, "w") as f:
        json.dump(golden, f)
    size = os.path.getsize(args.out)
    print(f"wrote {args.out} ({size / 1e6:.2f} MB, {model.parameter_count()} parameters) and {args.golden}")
    print(json.dumps(meta, indent=1))


if __name__ == "__main__":
    main()
