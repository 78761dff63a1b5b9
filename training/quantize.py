#!/usr/bin/python3
"""Quantizes an exported model's weight matrices to 8 bits for the runtime (what the plug-in ships): each MatMul with a
constant weight W [K, N] (the four of every block and the output head) becomes ONNX Runtime's MatMulNBits with 8-bit
weights in blocks of 32 along K, one float scale per block and column (symmetric: zero point 128), accuracy level 4
(activations quantized per block inside the kernel, integer dot products). The float model stays the source of truth
(models/aicopilot-float.onnx: re-export, golden logits); this file is 3 times smaller and 20-25 % faster on a batch of
16 rows (docs/benchmarks.md), with the same bits per token to three decimals (docs/evaluation.md). Written with the
onnx package (ONNX Runtime's own quantization tool is not packaged for Debian).
    /usr/bin/python3 training/quantize.py models/aicopilot-float.onnx models/aicopilot.onnx
"""
import argparse

import numpy as np
import onnx
from onnx import helper, numpy_helper

BITS, BLOCK, ACCURACY_LEVEL = 8, 32, 4


def quantize_weight(w):
    """W [K, N] -> (uint8 [N, K/BLOCK, BLOCK], float32 scales [N * K/BLOCK]); K is padded with zeros to whole blocks."""
    k, n = w.shape
    blocks = (k + BLOCK - 1) // BLOCK
    padded = np.zeros((blocks * BLOCK, n), np.float32)
    padded[:k] = w
    by_column = padded.reshape(blocks, BLOCK, n).transpose(2, 0, 1)  # [N, blocks, BLOCK]
    zero = 1 << (BITS - 1)
    scale = np.abs(by_column).max(axis=2) / (zero - 1)
    scale[scale == 0] = 1.0
    q = np.clip(np.round(by_column / scale[..., None]) + zero, 0, (1 << BITS) - 1).astype(np.uint8)
    return q, scale.astype(np.float32).reshape(-1)


def dequantize_weight(q, scale, k):
    """The float weight [K, N] a quantized one stands for (for tests and checks)."""
    n, blocks, _ = q.shape
    w = (q.astype(np.float32) - (1 << (BITS - 1))) * scale.reshape(n, blocks)[..., None]
    return w.transpose(1, 2, 0).reshape(blocks * BLOCK, n)[:k]


def quantize(model):
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    # The exporter names some equal tensors once and the others through Identity nodes.
    aliases = {n.output[0]: n.input[0] for n in graph.node if n.op_type == "Identity" and n.input[0] in inits}
    new_nodes, added, count = [], [], 0
    for node in graph.node:
        weight = aliases.get(node.input[1], node.input[1]) if node.op_type == "MatMul" else None
        if weight not in inits or len(inits[weight].dims) != 2:
            new_nodes.append(node)
            continue
        w = numpy_helper.to_array(inits[weight]).astype(np.float32)
        q, scale = quantize_weight(w)
        base = f"{node.name}_q{BITS}"
        added += [numpy_helper.from_array(q, base + "_w"), numpy_helper.from_array(scale, base + "_scale")]
        new_nodes.append(helper.make_node("MatMulNBits", [node.input[0], base + "_w", base + "_scale"], list(node.output),
                                          name=base, domain="com.microsoft", K=w.shape[0], N=w.shape[1], bits=BITS,
                                          block_size=BLOCK, accuracy_level=ACCURACY_LEVEL))
        count += 1
    del graph.node[:]
    graph.node.extend(new_nodes)
    used = {i for n in new_nodes for i in n.input}
    kept = [i for i in graph.initializer if i.name in used] + added
    del graph.initializer[:]
    graph.initializer.extend(kept)
    if not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    return count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("out")
    args = ap.parse_args()
    model = onnx.load(args.model)
    count = quantize(model)
    entry = model.metadata_props.add()
    entry.key, entry.value = "weights_quantization", \
        f"{count} weight matrices as MatMulNBits: {BITS}-bit, blocks of {BLOCK}, accuracy level {ACCURACY_LEVEL}"
    onnx.checker.check_model(model)
    onnx.save(model, args.out)
    print(f"quantized {count} weight matrices into {args.out}")


if __name__ == "__main__":
    main()
