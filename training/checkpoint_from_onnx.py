#!/usr/bin/python3
"""Rebuilds a training checkpoint from an exported model (its weights and metadata), so a shipped model can be exported
again in a newer graph form without retraining:
    /usr/bin/python3 training/checkpoint_from_onnx.py models/aicopilot-float.onnx /tmp/rebuilt.pt
    /usr/bin/python3 training/export.py --checkpoint /tmp/rebuilt.pt --out models/aicopilot-float.onnx ... --training-minutes M
    /usr/bin/python3 training/quantize.py models/aicopilot-float.onnx models/aicopilot.onnx
(from the float model: the shipped one's 8-bit weights are rounded)
Named initializers (model.*) map to parameters directly; the exporter folds each Linear weight into a transposed
MatMul constant, found here by the MatMul node's name (/qkv_1/MatMul is block 1's qkv), and names equal tensors once
(the others through Identity nodes). The output head is tied to the token embedding, which is checked. The rebuilt
model must reproduce the file's logits: see --check."""
import argparse
import os
import re
import sys

import numpy as np
import onnx
import onnx.numpy_helper
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import Config, MusicTransformer  # noqa: E402


def rebuild(path):
    proto = onnx.load(path)
    meta = {p.key: p.value for p in proto.metadata_props}
    weights = {i.name: onnx.numpy_helper.to_array(i) for i in proto.graph.initializer}
    # The exporter stores equal tensors once and names the others through Identity nodes (zero biases, unit scales).
    for node in proto.graph.node:
        if node.op_type == "Identity" and node.input[0] in weights:
            weights[node.output[0]] = weights[node.input[0]]
    config = Config(int(meta["vocab_size"]), int(meta["context_length"]), int(meta["d_model"]), int(meta["n_layer"]),
                    int(meta["n_head"]), dropout=0.0)
    config.d_ff = weights["model.blocks.0.ff1.bias"].shape[0]
    state = {name[len("model."):]: torch.from_numpy(w.copy()) for name, w in weights.items() if name.startswith("model.")}
    for node in proto.graph.node:
        match = re.fullmatch(r"/(qkv|proj|ff1|ff2|head)(?:_(\d+))?/MatMul", node.name)
        if node.op_type != "MatMul" or not match:
            continue
        constant = next((i for i in node.input if i in weights and not i.startswith("model.")), None)
        if constant is None:
            continue
        weight = torch.from_numpy(weights[constant].T.copy())
        if match.group(1) == "head":
            if not torch.allclose(weight, state["tok.weight"]):
                raise SystemExit("the output head is not the token embedding: not a model this script knows")
            continue
        state[f"blocks.{int(match.group(2) or 0)}.{match.group(1)}.weight"] = weight
    model = MusicTransformer(config)
    missing = set(model.state_dict()) - set(state) - {"head.weight"}
    if missing:
        raise SystemExit(f"weights not found in {path}: {sorted(missing)}")
    state["head.weight"] = state["tok.weight"]
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
