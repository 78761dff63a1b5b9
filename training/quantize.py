#!/usr/bin/python3
"""Quantizes an exported model's weight products to 8 bits for the runtime (what the plug-in ships). Each MatMul with
a constant weight W [K, N] (the four of every block) becomes
    QuantizeLinear(x; fixed scale and zero point) -> MatMulIntegerToFloat(x_u8, W_s8; scales, bias)
W is int8, symmetric, one scale per output column, in 7 bits (-63..63): without AVX-512 VNNI (AVX2 machines) the
integer GEMM adds pairs of uint8 x int8 products in 16 bits, which saturate above 32,767, and 255 x 63 x 2 stays
below it (with -127..127, 1 to 6 % of the products' outputs would clip, by up to 1.5). The activations are uint8
with a fixed range per product, the one the export measured over its calibration tokens (metadata
activation_ranges): a fixed range keeps each row of a batch independent of the others (a range found per run would
let one row's values change another row's rounding), and ONNX Runtime runs the product as an integer GEMM on weights
it packs once (AVX-512 VNNI here). A bias Add that follows a product is folded into it. The output head stays float:
it writes the logits directly (with 8-bit weights, rounding its input moved them by up to 0.27, against 0.17 with
the head float; no speed difference measurable). The float model stays the source of truth
(models/aicopilot-float.onnx: re-export, golden logits); this file is 3 times smaller and a step of 16 rows runs
about 1.7 times faster than with ONNX Runtime's MatMulNBits (docs/benchmarks.md), with the float model's bits per
token to within 0.0005 (docs/evaluation.md). Written with the onnx package (ONNX Runtime's own quantization tool is
not packaged for Debian).
    /usr/bin/python3 training/quantize.py models/aicopilot-float.onnx models/aicopilot.onnx
"""
import argparse
import json

import numpy as np
import onnx
from onnx import helper, numpy_helper

MS = "com.microsoft"
KEPT_FLOAT = {"head.weight.T"}


WEIGHT_LEVELS = 63  # 7 bits: see above


def quantize_weight(w):
    """W [K, N] -> (int8 [K, N] within +-WEIGHT_LEVELS, float32 scales [N]): symmetric per output column."""
    scale = np.abs(w).max(axis=0) / WEIGHT_LEVELS
    scale[scale == 0] = 1.0
    return np.clip(np.round(w / scale), -WEIGHT_LEVELS, WEIGHT_LEVELS).astype(np.int8), scale.astype(np.float32)


def activation_quantization(lo, hi):
    """uint8 (scale, zero point) covering [lo, hi] (widened to hold 0, so zero stays exact)."""
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    scale = (hi - lo) / 255 if hi > lo else 1.0
    return np.float32(scale), np.uint8(np.clip(round(-lo / scale), 0, 255))


def quantize(model):
    graph = model.graph
    meta = {p.key: p.value for p in model.metadata_props}
    if "activation_ranges" not in meta:
        raise SystemExit("the model has no activation_ranges: export it again with training/export.py (--calibration)")
    ranges = json.loads(meta["activation_ranges"])
    inits = {i.name: i for i in graph.initializer}
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    outputs = {o.name for o in graph.output}
    folded, new_nodes, added, count = set(), [], [], 0
    for node in graph.node:
        if node.op_type == "Add" and node.output[0] in folded:
            continue  # a bias Add folded into the product before it
        weight = node.input[1] if node.op_type == "MatMul" else None
        if weight not in inits or len(inits[weight].dims) != 2 or weight in KEPT_FLOAT:
            new_nodes.append(node)
            continue
        if weight not in ranges:
            raise SystemExit(f"no activation range for {weight}: export the model again")
        w = numpy_helper.to_array(inits[weight]).astype(np.float32)
        q, w_scale = quantize_weight(w)
        a_scale, a_zero = activation_quantization(*ranges[weight])
        base = weight[:-len(".weight.T")] if weight.endswith(".weight.T") else node.name
        added += [numpy_helper.from_array(q, base + ".weight.int8"), numpy_helper.from_array(w_scale, base + ".weight.scale"),
                  numpy_helper.from_array(a_scale, base + ".input.scale"), numpy_helper.from_array(a_zero, base + ".input.zero")]
        bias, out = "", node.output[0]
        after = consumers.get(out, [])
        if len(after) == 1 and after[0].op_type == "Add" and out not in outputs:
            other = [i for i in after[0].input if i != out]
            if len(other) == 1 and other[0] in inits and list(inits[other[0]].dims) == [w.shape[1]]:
                bias, out = other[0], after[0].output[0]
                folded.add(out)
        new_nodes.append(helper.make_node("QuantizeLinear", [node.input[0], base + ".input.scale", base + ".input.zero"],
                                          [base + ".input.uint8"], name=base + ".input.uint8"))
        new_nodes.append(helper.make_node("MatMulIntegerToFloat", [base + ".input.uint8", base + ".weight.int8", base + ".input.scale",
                                                                   base + ".weight.scale", base + ".input.zero", "", bias],
                                          [out], name=base + ".int8", domain=MS))
        count += 1
    del graph.node[:]
    graph.node.extend(new_nodes)
    used = {i for n in new_nodes for i in n.input}
    kept = [i for i in graph.initializer if i.name in used] + added
    del graph.initializer[:]
    graph.initializer.extend(kept)
    if not any(o.domain == MS for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid(MS, 1))
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
        f"{count} weight products as MatMulIntegerToFloat: 7-bit int8 weights per output column, uint8 activations over " \
        "the fixed ranges of activation_ranges; the output head float"
    onnx.checker.check_model(model)
    onnx.save(model, args.out)
    print(f"quantized {count} weight products into {args.out}")


if __name__ == "__main__":
    main()
