#!/usr/bin/python3
"""Quantizes an exported model's weight matrices to 8 bits (dynamic quantization, as ONNX Runtime's own tool does it,
written here with the onnx package because its quantization tool is not packaged for Debian): each MatMul with a
constant weight W [K, N] becomes
    x -> DynamicQuantizeLinear -> (x_q uint8, x_scale, x_zero) ; MatMulInteger(x_q, W_q int8, x_zero, 0) -> int32
    -> Cast float -> Mul (x_scale * w_scale[N])
with W_q = round(W / w_scale) per output column (symmetric, w_scale = max |W[:, n]| / 127). ONNX Runtime fuses the
chain into its 8-bit kernels. Activations, attention, layer norms and (with --keep-head) the output head stay float.
    /usr/bin/python3 training/quantize.py models/aicopilot.onnx /tmp/aicopilot-int8.onnx
"""
import argparse

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto


def quantize(model, keep_head=True):
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    new_nodes, removed, added = [], set(), []
    count = 0
    for node in graph.node:
        weight = next((i for i in node.input if i in inits), None) if node.op_type == "MatMul" else None
        if weight is None or (keep_head and node.name.startswith("/head/")) or len(inits[weight].dims) != 2:
            new_nodes.append(node)
            continue
        w = numpy_helper.to_array(inits[weight]).astype(np.float32)
        scale = np.maximum(np.abs(w).max(axis=0), 1e-8) / 127.0
        wq = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
        base = f"{node.name}_q"
        x = node.input[0] if node.input[1] == weight else node.input[1]
        added += [numpy_helper.from_array(wq, base + "_w"), numpy_helper.from_array(scale.astype(np.float32), base + "_wscale"),
                  numpy_helper.from_array(np.array(0, dtype=np.int8), base + "_wzero")]
        new_nodes += [
            helper.make_node("DynamicQuantizeLinear", [x], [base + "_x", base + "_xscale", base + "_xzero"], name=base + "/DQL"),
            helper.make_node("MatMulInteger", [base + "_x", base + "_w", base + "_xzero", base + "_wzero"], [base + "_int"], name=base + "/MMI"),
            helper.make_node("Cast", [base + "_int"], [base + "_float"], to=TensorProto.FLOAT, name=base + "/Cast"),
            helper.make_node("Mul", [base + "_xscale", base + "_wscale"], [base + "_scale"], name=base + "/Scale"),
            helper.make_node("Mul", [base + "_float", base + "_scale"], [node.output[0]], name=base + "/Mul"),
        ]
        removed.add(weight)
        count += 1
    still_used = {i for n in new_nodes for i in n.input}
    kept = [i for i in graph.initializer if i.name not in removed or i.name in still_used]
    del graph.initializer[:]
    graph.initializer.extend(kept + added)
    del graph.node[:]
    graph.node.extend(new_nodes)
    return count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("out")
    ap.add_argument("--quantize-head", action="store_true", help="the output head too (tied to the embedding: stored twice)")
    args = ap.parse_args()
    model = onnx.load(args.model)
    count = quantize(model, keep_head=not args.quantize_head)
    entry = model.metadata_props.add()
    entry.key, entry.value = "weights_int8", f"{count} weight matrices, per-column symmetric int8, dynamic activations"
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, args.out)
    print(f"quantized {count} matrices into {args.out}")


if __name__ == "__main__":
    main()
