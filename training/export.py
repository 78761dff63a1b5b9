#!/usr/bin/python3
"""Exports a trained checkpoint to ONNX (opset 17) for streaming generation with a KV cache, with metadata, plus a
golden file of logits that the C# tests compare against (max abs difference <= 1e-4).

One graph (model version 3) serves prefill, single steps and batches of candidates: inputs input_ids [B, T],
past_length [B] and past_key_i / past_value_i [B, H, context, Dh], the runner's cache, only read (row b's positions
from past_length[b] on are masked); outputs logits [B, T, V] and new_key_i / new_value_i [B, H, T, Dh], which the
runner writes into its cache. Version 2 was the same with B fixed at 1.
    /usr/bin/python3 training/export.py --checkpoint RUN/best.pt --out models/aicopilot.onnx --golden tests/golden/model_logits.json
"""
import argparse
import json
import os
import sys

import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import Config, MusicTransformer  # noqa: E402

LICENCES = {
    "pop909": "MIT (transcriptions; the songs are copyrighted commercial pop songs)",
    "nottingham": "GPL-3.0",
    "openewld": "MIT (OpenEWLD, 00sapo/OpenEWLD: public-domain lead sheets from Wikifonia)",
    "cre": "CC BY 4.0 / Unlicense (Ceol Rince na hEireann MIDI corpus, polifonia-project/folk_ngram_analysis; "
           "tunes from Breathnach's collection as transcribed by Bill Black)",
}


class Exportable(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, ids, past_length, *cache):
        logits, new = self.model.forward_step(ids, past_length, list(cache))
        return (logits, *new)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--golden", required=True)
    ap.add_argument("--golden-tokens", required=True, help="a token id file (space separated) to take golden sequences from")
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

    # The cache has a fixed length (the context), so the runner binds its buffers once; two rows with different
    # non-zero past lengths and several tokens keep the tracer from fixing the batch, the lengths or the sequence.
    ids = torch.tensor([[1, 3, 7, 28], [1, 3, 9, 30]], dtype=torch.long)
    past_length = torch.tensor([3, 5], dtype=torch.long)
    cache = [torch.zeros(2, config.n_head, config.context, head_dim) for _ in range(2 * n)]
    past_names = [f"past_{kind}_{i}" for i in range(n) for kind in ("key", "value")]
    new_names = [f"new_{kind}_{i}" for i in range(n) for kind in ("key", "value")]
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with torch.no_grad():
        # The streaming form must agree with the training form, the runner's cache writes included.
        full, _ = model(torch.tensor([[1, 3, 7, 28, 40, 90]]), model.empty_past())
        store = [c[:1].clone() for c in cache]
        _, first = model.forward_step(torch.tensor([[1, 3, 7]]), torch.tensor([0]), store)
        for c, fresh in zip(store, first):
            c[:, :, 0:3] = fresh
        step, _ = model.forward_step(torch.tensor([[28, 40, 90]]), torch.tensor([3]), store)
        assert torch.allclose(full[0, 3:], step[0], atol=1e-5), "streaming forward disagrees with the training forward"
        # Rows are independent: a batch of two rows at other past lengths gives each row's own logits.
        pair = [torch.cat([a, a]) for a in store]
        for c in pair:
            c[1, :, 3:5] = c[1, :, 0:2]
        both, _ = model.forward_step(torch.tensor([[28], [40]]), torch.tensor([3, 5]), pair)
        alone, _ = model.forward_step(torch.tensor([[40]]), torch.tensor([5]), [c[1:] for c in pair])
        assert torch.allclose(both[0, 0], step[0, 0], atol=1e-5) and torch.allclose(both[1, 0], alone[0, 0], atol=1e-5), \
            "a batch row disagrees with the same row run alone"
        new_axes = {name: {0: "batch", 2: "sequence"} for name in new_names}
        past_axes = {name: {0: "batch"} for name in past_names}
        torch.onnx.export(Exportable(model), (ids, past_length, *cache), args.out, opset_version=17,
                          input_names=["input_ids", "past_length", *past_names], output_names=["logits", *new_names],
                          dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "past_length": {0: "batch"},
                                        "logits": {0: "batch", 1: "sequence"}, **past_axes, **new_axes},
                          do_constant_folding=True)

    proto = onnx.load(args.out)
    datasets = saved.get("datasets", [])
    meta = {
        "aicopilot_model_version": "3",
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
