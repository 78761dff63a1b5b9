"""The streaming graph (model version 4's contract: model.MusicTransformer.forward_step) written node by node from a
checkpoint's weights, for ONNX Runtime on one CPU core. Traced by torch.onnx.export, the same computation took 236
kernels a step, 130 of them shape arithmetic, and the shared prefix's attention ran as one tiny product per row and
head; here it is about 120 kernels (shapes computed once, constant reshapes) and the prefix's attention is one product
per head over all rows (a step of 16 rows: 64 small products become 4). Everything ONNX Runtime runs is in the file:
    build(state_dict, config) -> onnx.ModelProto    (float weights; training/quantize.py makes them 8-bit)
Weight matrices are stored as [K, N] constants named after the parameter ("blocks.0.qkv.weight.T"), so the checkpoint
comes back out by name (training/checkpoint_from_onnx.py); the output head is the token embedding, transposed, and
the query third of qkv carries the attention's scale (scale_queries). Uses two ONNX Runtime operators beside standard
ONNX (opset 17): FusedMatMul (a product with the keys transposed) and BiasGelu (the exact, erf GELU of PyTorch's
F.gelu, with its bias)."""
import math

import numpy as np
from onnx import TensorProto, helper, numpy_helper

MS = "com.microsoft"
OPSET = 17


def weight_name(parameter):
    """The constant a Linear's weight [N, K] is stored as, transposed to [K, N] for MatMul."""
    return parameter + ".T"


class _Graph:
    def __init__(self):
        self.nodes, self.constants = [], []

    def const(self, name, array):
        self.constants.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def op(self, op_type, inputs, outputs, domain="", **attributes):
        outputs = [outputs] if isinstance(outputs, str) else outputs
        self.nodes.append(helper.make_node(op_type, inputs, outputs, name=outputs[0], domain=domain, **attributes))
        return outputs[0] if len(outputs) == 1 else outputs


def _ints(*values):
    return np.array(values, dtype=np.int64)


def scale_queries(weight, bias, d_model, head_dim, undo=False):
    """The attention's 1/sqrt(head_dim) applied to the query third of qkv's weight [3D, D] and bias (or taken off): the
    products of queries and keys then run unscaled, which lets ONNX Runtime read a row's cache without packing it
    first (a scaled product packs: 1.4 ms a step of 16 rows at 96 own positions against 1.05)."""
    factor = math.sqrt(head_dim) if undo else 1.0 / math.sqrt(head_dim)
    weight, bias = weight.copy(), bias.copy()
    weight[:d_model] *= factor
    bias[:d_model] *= factor
    return weight, bias


def build(state, config):
    """state: parameter name -> tensor or array (MusicTransformer.state_dict()); config: its Config."""
    w = {k: np.asarray(v.detach().cpu().numpy() if hasattr(v, "detach") else v, dtype=np.float32) for k, v in state.items()}
    d, heads = config.d_model, config.n_head
    for i in range(config.n_layer):
        w[f"blocks.{i}.qkv.weight"], w[f"blocks.{i}.qkv.bias"] = scale_queries(
            w[f"blocks.{i}.qkv.weight"], w[f"blocks.{i}.qkv.bias"], d, d // heads)
    g = _Graph()
    x = _embed_and_mask(g, w, heads, d // heads)
    for i in range(config.n_layer):
        x = _block(g, w, x, i, heads, d)
    g.op("LayerNormalization", [x, g.const("ln.weight", w["ln.weight"]), g.const("ln.bias", w["ln.bias"])], "ln_final",
         axis=-1, epsilon=1e-5)
    g.op("MatMul", ["ln_final", g.const(weight_name("head.weight"), w["tok.weight"].T.copy())], "logits")
    inputs, outputs = _interface(config)
    graph = helper.make_graph(g.nodes, "aicopilot_step", inputs, outputs, g.constants)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid(MS, 1)],
                             producer_name="aicopilot training/step_graph.py")


def _embed_and_mask(g, w, heads, dh):
    """What every layer shares, computed once a step: the sizes, the input vectors (x0), the attention mask as an
    additive bias [B, 1, T, P + S + T] (mask_bias) and the shapes the layers reshape by."""
    c = g.const
    c("zero", _ints(0).reshape(())), c("one", _ints(1).reshape(())), c("axis0", _ints(0)), c("axis1", _ints(1))
    c("one1", _ints(1)), c("axes12", _ints(1, 2)), c("axes01", _ints(0, 1)), c("heads1", _ints(heads)), c("minus1", _ints(-1))
    c("hidden", np.array(-np.inf, np.float32)), c("seen", np.array(0.0, np.float32))
    g.op("Shape", ["input_ids"], "B1", start=0, end=1)
    g.op("Shape", ["input_ids"], "T1", start=1, end=2)
    g.op("Shape", ["prefix_key_0"], "P1", start=2, end=3)
    g.op("Shape", ["past_key_0"], "S1", start=2, end=3)
    for n in ("T", "P", "S"):
        g.op("Squeeze", [n + "1", "axis0"], n)
        g.op("Range", ["zero", n, "one"], n + "_range")
    g.op("Add", ["prefix_length", "past_length"], "first_position")
    g.op("Unsqueeze", ["first_position", "axis1"], "first_position_column")
    g.op("Add", ["first_position_column", "T_range"], "positions")                         # [B, T]
    g.op("Gather", [c("tok.weight", w["tok.weight"]), "input_ids"], "token_vectors")
    g.op("Gather", [c("pos.weight", w["pos.weight"]), "positions"], "position_vectors")
    g.op("Add", ["token_vectors", "position_vectors"], "x0")
    # Row b sees prefix positions < prefix_length[b], own positions < past_length[b], new positions up to its own.
    g.op("Unsqueeze", ["prefix_length", "axis1"], "prefix_length_column")
    g.op("Unsqueeze", ["past_length", "axis1"], "past_length_column")
    g.op("Unsqueeze", ["T_range", "axis1"], "T_column")
    g.op("GreaterOrEqual", ["P_range", "prefix_length_column"], "prefix_hidden")           # [B, P]
    g.op("GreaterOrEqual", ["S_range", "past_length_column"], "past_hidden")               # [B, S]
    g.op("Greater", ["T_range", "T_column"], "new_hidden")                                 # [T, T]
    parts = []
    for name, axes, length in (("prefix", "axes12", "P1"), ("past", "axes12", "S1"), ("new", "axes01", "T1")):
        g.op("Where", [name + "_hidden", "hidden", "seen"], name + "_bias2")
        g.op("Unsqueeze", [name + "_bias2", axes], name + "_bias4")
        g.op("Concat", ["B1", "one1", "T1", length], name + "_bias_shape", axis=0)
        parts.append(g.op("Expand", [name + "_bias4", name + "_bias_shape"], name + "_bias"))  # [B, 1, T, *]
    g.op("Concat", parts, "mask_bias", axis=-1)
    g.op("Concat", ["P1", "S1", "T1"], "score_parts", axis=0)
    c("split_heads_shape", _ints(0, 0, 3 * heads, dh))
    c("by_head_shape", _ints(heads, -1, dh))
    c("merge_heads_shape", _ints(0, 0, heads * dh))
    g.op("Concat", ["heads1", "B1", "T1", "minus1"], "by_head_rows_shape", axis=0)        # [H, B, T, -1]
    g.op("Concat", ["heads1", "minus1", "P1"], "by_head_prefix_shape", axis=0)            # [H, -1, P]
    return "x0"


def _block(g, w, x, i, heads, d):
    """Layer i: attention to the shared prefix, the row's own cache and the new positions, then the feed-forward."""
    c, p, s = g.const, f"blocks.{i}.", f"_{i}"
    h = g.op("LayerNormalization", [x, c(p + "ln1.weight", w[p + "ln1.weight"]), c(p + "ln1.bias", w[p + "ln1.bias"])],
             "ln1" + s, axis=-1, epsilon=1e-5)
    qkv = _linear(g, w, h, p + "qkv", s)
    g.op("Reshape", [qkv, "split_heads_shape"], "qkv_heads" + s)                           # [B, T, 3H, Dh]
    g.op("Transpose", ["qkv_heads" + s], "qkv_by_row" + s, perm=[0, 2, 1, 3])              # [B, 3H, T, Dh]
    q, k, v = g.op("Split", ["qkv_by_row" + s], ["q" + s, f"new_key_{i}", f"new_value_{i}"], axis=1)
    # The shared prefix: every row's queries against it at once, one product per head.
    g.op("Transpose", [q], "q_by_head" + s, perm=[1, 0, 2, 3])                              # [H, B, T, Dh]
    g.op("Reshape", ["q_by_head" + s, "by_head_shape"], "q_rows" + s)                       # [H, B*T, Dh]
    g.op("Reshape", [f"prefix_key_{i}", "by_head_shape"], "prefix_keys" + s)                # [H, P, Dh]
    g.op("Reshape", [f"prefix_value_{i}", "by_head_shape"], "prefix_values" + s)
    g.op("FusedMatMul", ["q_rows" + s, "prefix_keys" + s], "prefix_scores_by_head" + s, domain=MS, transB=1)
    g.op("Reshape", ["prefix_scores_by_head" + s, "by_head_rows_shape"], "prefix_scores_hb" + s)
    g.op("Transpose", ["prefix_scores_hb" + s], "prefix_scores" + s, perm=[1, 0, 2, 3])     # [B, H, T, P]
    # The row's own cache and the new positions.
    g.op("FusedMatMul", [q, f"past_key_{i}"], "past_scores" + s, domain=MS, transB=1)
    g.op("FusedMatMul", [q, k], "new_scores" + s, domain=MS, transB=1)
    g.op("Concat", ["prefix_scores" + s, "past_scores" + s, "new_scores" + s], "scores" + s, axis=-1)
    g.op("Add", ["scores" + s, "mask_bias"], "masked_scores" + s)
    g.op("Softmax", ["masked_scores" + s], "attention" + s, axis=-1)
    g.op("Split", ["attention" + s, "score_parts"], ["prefix_weights" + s, "past_weights" + s, "new_weights" + s], axis=-1)
    g.op("Transpose", ["prefix_weights" + s], "prefix_weights_hb" + s, perm=[1, 0, 2, 3])
    g.op("Reshape", ["prefix_weights_hb" + s, "by_head_prefix_shape"], "prefix_weight_rows" + s)  # [H, B*T, P]
    g.op("MatMul", ["prefix_weight_rows" + s, "prefix_values" + s], "prefix_mix_rows" + s)        # [H, B*T, Dh]
    g.op("Reshape", ["prefix_mix_rows" + s, "by_head_rows_shape"], "prefix_mix_hb" + s)
    g.op("Transpose", ["prefix_mix_hb" + s], "prefix_mix" + s, perm=[1, 0, 2, 3])                 # [B, H, T, Dh]
    g.op("MatMul", ["past_weights" + s, f"past_value_{i}"], "past_mix" + s)
    g.op("MatMul", ["new_weights" + s, v], "new_mix" + s)
    g.op("Sum", ["prefix_mix" + s, "past_mix" + s, "new_mix" + s], "mix" + s)
    g.op("Transpose", ["mix" + s], "mix_by_position" + s, perm=[0, 2, 1, 3])                # [B, T, H, Dh]
    g.op("Reshape", ["mix_by_position" + s, "merge_heads_shape"], "attended" + s)
    g.op("Add", [x, _linear(g, w, "attended" + s, p + "proj", s)], "x_mid" + s)
    h2 = g.op("LayerNormalization", ["x_mid" + s, c(p + "ln2.weight", w[p + "ln2.weight"]), c(p + "ln2.bias", w[p + "ln2.bias"])],
              "ln2" + s, axis=-1, epsilon=1e-5)
    g.op("MatMul", [h2, c(weight_name(p + "ff1.weight"), w[p + "ff1.weight"].T.copy())], "ff1" + s)
    g.op("BiasGelu", ["ff1" + s, c(p + "ff1.bias", w[p + "ff1.bias"])], "gelu" + s, domain=MS)
    return g.op("Add", ["x_mid" + s, _linear(g, w, "gelu" + s, p + "ff2", s)], f"x{i + 1}")


def _interface(config):
    """Model version 4's inputs and outputs (see training/export.py)."""
    f, heads, dh = TensorProto.FLOAT, config.n_head, config.d_model // config.n_head
    pairs = [(i, kind) for i in range(config.n_layer) for kind in ("key", "value")]
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
              helper.make_tensor_value_info("prefix_length", TensorProto.INT64, ["batch"]),
              helper.make_tensor_value_info("past_length", TensorProto.INT64, ["batch"])]
    inputs += [helper.make_tensor_value_info(f"prefix_{kind}_{i}", f, [1, heads, "prefix", dh]) for i, kind in pairs]
    inputs += [helper.make_tensor_value_info(f"past_{kind}_{i}", f, ["batch", heads, "past", dh]) for i, kind in pairs]
    outputs = [helper.make_tensor_value_info("logits", f, ["batch", "sequence", config.vocab_size])]
    outputs += [helper.make_tensor_value_info(f"new_{kind}_{i}", f, ["batch", heads, "sequence", dh]) for i, kind in pairs]
    return inputs, outputs


def _linear(g, w, x, parameter, suffix):
    """x @ W + b, W stored [K, N] under weight_name(parameter.weight)."""
    name = parameter.rsplit(".", 1)[-1] + suffix
    g.op("MatMul", [x, g.const(weight_name(parameter + ".weight"), w[parameter + ".weight"].T.copy())], name + "_product")
    return g.op("Add", [name + "_product", g.const(parameter + ".bias", w[parameter + ".bias"])], name)
