#!/usr/bin/python3
"""Rebuilds a training checkpoint from an exported float model (its weights and metadata), so a shipped model can be
exported again in a newer graph form without retraining:
    /usr/bin/python3 training/checkpoint_from_onnx.py models/aicopilot-float.onnx /tmp/rebuilt.pt
    /usr/bin/python3 training/export.py --checkpoint /tmp/rebuilt.pt --out models/aicopilot-float.onnx ... --training-minutes M
    /usr/bin/python3 training/quantize.py models/aicopilot-float.onnx models/aicopilot.onnx
(from the float model: the shipped one's 8-bit weights are rounded)
The graph (training/step_graph.py) names every constant after its parameter; weight matrices are stored transposed
("blocks.0.qkv.weight.T"), the query third of qkv scaled by 1/sqrt(head_dim), which is undone here. The output head is tied to the token embedding, which is checked. The rebuilt model must
reproduce the file's logits: see --check."""
import argparse
import os
import sys

import numpy as np
import onnx
import onnx.numpy_helper
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import Config, MusicTransformer  # noqa: E402
from step_graph import scale_queries  # noqa: E402


def rebuild(path):
    proto = onnx.load(path)
    meta = {p.key: p.value for p in proto.metadata_props}
    weights = {i.name: onnx.numpy_helper.to_array(i) for i in proto.graph.initializer}
    if any(name.endswith(".weight.int8") for name in weights):
        raise SystemExit(f"{path} is the 8-bit model, whose weights are rounded: give the float one it was made from "
                         "(models/aicopilot-float.onnx)")
    config = Config(int(meta["vocab_size"]), int(meta["context_length"]), int(meta["d_model"]), int(meta["n_layer"]),
                    int(meta["n_head"]), dropout=0.0)
    config.d_ff = weights["blocks.0.ff1.bias"].shape[0]
    state = {}
    for name, w in weights.items():
        if name.endswith(".weight.T"):
            state[name[:-2]] = torch.from_numpy(w.T.copy())
        elif name.startswith(("tok.", "pos.", "blocks.", "ln.")):
            state[name] = torch.from_numpy(w.copy())
    for i in range(config.n_layer):
        weight, bias = scale_queries(state[f"blocks.{i}.qkv.weight"].numpy(), state[f"blocks.{i}.qkv.bias"].numpy(),
                                     config.d_model, config.d_model // config.n_head, undo=True)
        state[f"blocks.{i}.qkv.weight"], state[f"blocks.{i}.qkv.bias"] = torch.from_numpy(weight), torch.from_numpy(bias)
    if "head.weight" not in state or not torch.equal(state["head.weight"], state.get("tok.weight", torch.zeros(0))):
        raise SystemExit("the output head is not the token embedding: not a model this script knows")
    model = MusicTransformer(config)
    missing = set(model.state_dict()) - set(state)
    if missing:
        raise SystemExit(f"weights not found in {path}: {sorted(missing)}")
    model.load_state_dict(state)
    model.eval()
    history = [{"valid_loss": float(meta["validation_loss_nats"])}] if meta.get("validation_loss_nats") else []
    checkpoint = {"model": model.state_dict(), "config": config.to_dict(), "vocab_hash": meta["vocab_hash"],
                  "spec_version": int(meta["token_spec_version"]),
                  "datasets": [d for d in meta.get("training_datasets", "").split(",") if d], "history": history}
    return model, checkpoint, meta


def check(model, golden):
    """The rebuilt model against the file's own golden logits (full-sequence forward)."""
    import json
    with open(golden) as f:
        data = json.load(f)
    worst = 0.0
    with torch.no_grad():
        for seq in data["sequences"]:
            logits, _ = model(torch.tensor([seq["tokens"]]), model.empty_past())
            worst = max(worst, float(np.abs(logits[0].numpy() - np.array(seq["logits"], dtype=np.float32)).max()))
    return worst


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("checkpoint")
    ap.add_argument("--check", help="golden logits (tests/golden/model_logits.json) the rebuilt model must reproduce")
    args = ap.parse_args()
    model, checkpoint, meta = rebuild(args.model)
    torch.save(checkpoint, args.checkpoint)
    print(f"rebuilt {model.parameter_count()} parameters from {args.model} (model version "
          f"{meta.get('aicopilot_model_version')}, trained {meta.get('training_minutes')} minutes) into {args.checkpoint}")
    if args.check:
        worst = check(model, args.check)
        print(f"largest logit difference against {args.check}: {worst:.2e}")
        if worst > 1e-4:
            raise SystemExit("the rebuilt model does not reproduce the golden logits")


if __name__ == "__main__":
    main()
