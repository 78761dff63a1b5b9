#!/usr/bin/python3
"""Tests of the training side (run by test.sh; ends with "N passed, N failed"). The tokens come from the C# tokenizer
only: the corpus here is written by `aicopilot tokenize` on the fixture songs of tests/, and the golden token ids in
tests/golden are the ones the C# tests check, so the two sides cannot drift apart."""
import json
import os
import subprocess
import sys
import tempfile
import traceback

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from data import TokenCorpus  # noqa: E402
from model import Config, MusicTransformer  # noqa: E402

CLI = os.path.join(ROOT, "out", "bin", "aicopilot")


def corpus_dir():
    """Tokenizes the example phrase and the bench inputs with the C# tokenizer."""
    work = tempfile.mkdtemp()
    os.makedirs(os.path.join(work, "in", "train"))
    os.makedirs(os.path.join(work, "in", "valid"))
    subprocess.run(["cp", os.path.join(ROOT, "examples", "phrase.mid"), os.path.join(work, "in", "train", "a.mid")], check=True)
    subprocess.run(["cp", os.path.join(ROOT, "examples", "phrase.mid"), os.path.join(work, "in", "valid", "b.mid")], check=True)
    subprocess.run([CLI, "tokenize", os.path.join(work, "in"), "-o", os.path.join(work, "tok")], check=True, capture_output=True)
    return os.path.join(work, "tok")


def test_reads_what_the_csharp_tokenizer_wrote():
    c = TokenCorpus(corpus_dir())
    assert c.vocab_size == 368
    train = c.split("train")
    assert train[0] == 1 and train[-1] == 2, "each song is BOS ... EOS"
    assert train.max() < c.vocab_size
    with open(os.path.join(ROOT, "docs", "tokens.md")) as f:
        assert f"vocabulary hash `{c.vocab_hash}`" in f.read()


def test_golden_token_ids_fit_the_vocabulary_ranges():
    c = TokenCorpus(corpus_dir())
    with open(os.path.join(ROOT, "tests", "golden", "melody_over_chords.tokens.txt")) as f:
        golden = np.array([int(t) for t in f.read().split()])
    assert golden[0] == 1 and golden[-1] == 2
    pitches = golden[(golden >= c.pitch_start) & (golden < c.pitch_start + c.pitch_count)] - c.pitch_start
    assert pitches.min() >= 60 and pitches.max() <= 72  # the fixture melody's range (tests/Engine.Tests/Fixtures.cs)


def test_transposition_moves_pitches_and_chord_roots_only():
    c = TokenCorpus(corpus_dir())
    window = np.array([1, 3, c.pitch_start + 60, c.chord_start + 11 * c.qualities + 2, 28])
    up = c.transpose(window, 2)
    assert up[2] == c.pitch_start + 62
    assert up[3] == c.chord_start + 1 * c.qualities + 2, "B dim up a whole tone is C# dim"
    assert list(up[[0, 1, 4]]) == [1, 3, 28]
    assert c.transpose(np.array([c.pitch_start + 127]), 1) is None


def test_streaming_form_matches_training_form():
    torch.manual_seed(1)
    m = MusicTransformer(Config(368, 32, 32, 2, 2, 64, dropout=0.0)).eval()
    ids = torch.tensor([[1, 3, 7, 28, 90, 210, 230]])
    with torch.no_grad():
        full, _ = m(ids, m.empty_past())
        cache = [torch.zeros(1, 2, 32, 16) for _ in range(4)]
        _, cache = m.forward_fixed(ids[:, :4], torch.tensor([0]), cache)
        out = []
        for i in range(4, 7):
            logits, cache = m.forward_fixed(ids[:, i:i + 1], torch.tensor([i]), cache)
            out.append(logits[0, 0])
    assert torch.allclose(full[0, 4:], torch.stack(out), atol=1e-5)


def no_prefix(m, rows=1):
    """A single stream's prefix: one position, never seen (prefix_length 0)."""
    c = m.config
    return [torch.full((1, c.n_head, 1, c.d_model // c.n_head), 9.0) for _ in range(2 * c.n_layer)], torch.zeros(rows, dtype=torch.long)


def test_step_form_matches_training_form():
    """The exported form reads the cache and returns only the new keys/values; the runner stores them."""
    torch.manual_seed(2)
    m = MusicTransformer(Config(368, 32, 32, 2, 2, 64, dropout=0.0)).eval()
    ids = torch.tensor([[1, 3, 7, 28, 90, 210, 230]])
    prefix, prefix_length = no_prefix(m)
    with torch.no_grad():
        full, _ = m(ids, m.empty_past())
        cache = [torch.full((1, 2, 32, 16), 7.0) for _ in range(4)]  # stale values beyond the length must not matter
        _, new = m.forward_step(ids[:, :4], prefix_length, torch.tensor([0]), prefix, cache)
        for c, fresh in zip(cache, new):
            c[:, :, 0:4] = fresh
        out = []
        for i in range(4, 7):
            logits, new = m.forward_step(ids[:, i:i + 1], prefix_length, torch.tensor([i]), prefix, cache)
            assert all(n.shape == (1, 2, 1, 16) for n in new)
            for c, fresh in zip(cache, new):
                c[:, :, i:i + 1] = fresh
            out.append(logits[0, 0])
    assert torch.allclose(full[0, 4:], torch.stack(out), atol=1e-5)


def test_batch_rows_are_independent():
    """One run steps a pool: each row, at its own past length, gets the logits it gets alone."""
    torch.manual_seed(3)
    m = MusicTransformer(Config(368, 32, 32, 2, 2, 64, dropout=0.0)).eval()
    rows = [torch.tensor([[1, 3, 7, 28, 90]]), torch.tensor([[1, 3, 9, 30, 95, 120, 200]])]
    prefix, _ = no_prefix(m)
    with torch.no_grad():
        expected = [m(r, m.empty_past())[0][0, -1] for r in rows]
        cache = [torch.full((2, 2, 32, 16), 5.0) for _ in range(4)]
        for b, r in enumerate(rows):
            _, new = m.forward_step(r[:, :-1], torch.tensor([0]), torch.tensor([0]), prefix, [c[b:b + 1] for c in cache])
            for c, fresh in zip(cache, new):
                c[b, :, 0:r.shape[1] - 1] = fresh[0]
        logits, _ = m.forward_step(torch.tensor([[90], [200]]), torch.tensor([0, 0]), torch.tensor([4, 6]), prefix, cache)
    for b in range(2):
        assert torch.allclose(logits[b, 0], expected[b], atol=1e-5)


def test_rows_share_a_prefix_read_once():
    """A pool's prompt is held once, as the shared prefix: rows that continue it differently (and a row that does not
    use it, at prefix_length 0) get the logits they get alone."""
    torch.manual_seed(4)
    m = MusicTransformer(Config(368, 32, 32, 2, 2, 64, dropout=0.0)).eval()
    prompt = torch.tensor([[1, 3, 7, 28, 90]])
    rows = [torch.tensor([[210, 230, 40]]), torch.tensor([[215]]), torch.tensor([[1, 3, 9, 31]])]
    empty, _ = no_prefix(m)
    with torch.no_grad():
        expected = [m(torch.cat([prompt, rows[0]], 1), m.empty_past())[0][0, -1],
                    m(torch.cat([prompt, rows[1]], 1), m.empty_past())[0][0, -1],
                    m(rows[2], m.empty_past())[0][0, -1]]
        prefix = [torch.full((1, 2, 8, 16), 3.0) for _ in range(4)]  # room beyond the prompt: masked
        _, new = m.forward_step(prompt, torch.tensor([0]), torch.tensor([0]), empty, [p[:, :, :0] for p in prefix])
        for p, fresh in zip(prefix, new):
            p[:, :, 0:5] = fresh
        cache = [torch.full((3, 2, 6, 16), 5.0) for _ in range(4)]
        # row 0 holds two tokens of its own after the prompt, row 1 none, row 2 three and no prefix
        for b, (own, lengths) in enumerate([(rows[0][:, :2], (5, 0)), (None, None), (rows[2][:, :3], (0, 0))]):
            if own is None:
                continue
            _, new = m.forward_step(own, torch.tensor([lengths[0]]), torch.tensor([0]), prefix, [c[b:b + 1] for c in cache])
            for c, fresh in zip(cache, new):
                c[b, :, 0:own.shape[1]] = fresh[0]
        logits, _ = m.forward_step(torch.tensor([[40], [215], [31]]), torch.tensor([5, 5, 0]), torch.tensor([2, 0, 3]),
                                   prefix, cache)
    for b in range(3):
        assert torch.allclose(logits[b, 0], expected[b], atol=1e-5), b


def export_tiny(work, config, calibration=None):
    """A fresh model of the given shape through training/export.py, into work/m.onnx and work/g.json."""
    m = MusicTransformer(config)
    torch.save({"model": m.state_dict(), "config": config.to_dict(), "vocab_hash": "8c564cb575be5616", "spec_version": 1,
                "datasets": ["pop909"], "history": [{"valid_loss": 2.0}]}, os.path.join(work, "m.pt"))
    subprocess.run(["/usr/bin/python3", os.path.join(HERE, "export.py"), "--checkpoint", os.path.join(work, "m.pt"),
                    "--out", os.path.join(work, "m.onnx"), "--golden", os.path.join(work, "g.json"),
                    "--golden-tokens", os.path.join(ROOT, "tests", "golden", "melody_over_chords.tokens.txt")]
                   + (["--calibration", calibration] if calibration else []), check=True, capture_output=True)
    return m


def test_export_writes_metadata_and_golden_logits():
    import onnx
    work = tempfile.mkdtemp()
    c = Config(368, 32, 32, 2, 2, 64)
    m = export_tiny(work, c)
    proto = onnx.load(os.path.join(work, "m.onnx"))
    meta = {p.key: p.value for p in proto.metadata_props}
    assert meta["vocab_hash"] == "8c564cb575be5616" and meta["context_length"] == "32"
    assert meta["weights_licence"] == "MIT" and "copyrighted" in meta["training_licences"]
    assert meta["aicopilot_model_version"] == "4"
    graph_inputs = {i.name: i for i in proto.graph.input}
    assert graph_inputs["input_ids"].type.tensor_type.shape.dim[0].dim_param == "batch"  # a pool runs in one batch
    # The shared prefix and the rows' own caches take whatever length the runner holds.
    assert graph_inputs["prefix_key_0"].type.tensor_type.shape.dim[2].dim_param == "prefix"
    assert graph_inputs["past_key_0"].type.tensor_type.shape.dim[2].dim_param == "past"
    # Every weight product's input range, measured over the calibration tokens (the golden ones here), for quantize.py.
    ranges = json.loads(meta["activation_ranges"])
    assert len(ranges) == 4 * c.n_layer + 1 and all(lo < hi for lo, hi in ranges.values())
    assert "the golden tokens" in meta["calibration"]
    with open(os.path.join(work, "g.json")) as f:
        assert len(json.load(f)["sequences"]) == 3
    # The exported weights come back out as the same checkpoint (how the shipped model was re-exported).
    subprocess.run(["/usr/bin/python3", os.path.join(HERE, "checkpoint_from_onnx.py"), os.path.join(work, "m.onnx"),
                    os.path.join(work, "back.pt"), "--check", os.path.join(work, "g.json")], check=True, capture_output=True)
    back = torch.load(os.path.join(work, "back.pt"))["model"]
    for name, tensor in m.state_dict().items():
        assert torch.allclose(back[name], tensor, atol=1e-7), name


def test_quantize_makes_every_block_product_8_bit_against_the_calibrated_ranges():
    """training/quantize.py (the shipped model): the four weight products of every block become QuantizeLinear and
    MatMulIntegerToFloat, their bias folded in; the weights come back within half a step of their column's scale, the
    input's fixed range maps onto 0..255, and a product computed the way ONNX Runtime computes it stays within the
    bound the two roundings allow. The output head stays float."""
    import onnx
    from onnx import numpy_helper
    work = tempfile.mkdtemp()
    c = Config(368, 32, 48, 2, 2, 80)
    m = export_tiny(work, c, calibration=corpus_dir())
    exported = {p.key: p.value for p in onnx.load(os.path.join(work, "m.onnx")).metadata_props}
    assert exported["calibration"].endswith("from tok"), exported["calibration"]  # the corpus's training split
    subprocess.run(["/usr/bin/python3", os.path.join(HERE, "quantize.py"), os.path.join(work, "m.onnx"), os.path.join(work, "q.onnx")],
                   check=True, capture_output=True)
    q = onnx.load(os.path.join(work, "q.onnx"))
    ops = [n.op_type for n in q.graph.node]
    assert ops.count("MatMulIntegerToFloat") == 4 * c.n_layer and ops.count("QuantizeLinear") == 4 * c.n_layer
    constants = {i.name for i in q.graph.initializer}
    float_products = [n.input[1] for n in q.graph.node if n.op_type == "MatMul" and n.input[1] in constants]
    assert float_products == ["head.weight.T"], float_products
    meta = {p.key: p.value for p in q.metadata_props}
    assert meta["aicopilot_model_version"] == "4" and "int8" in meta["weights_quantization"]
    inits = {i.name: numpy_helper.to_array(i) for i in q.graph.initializer}
    product = next(n for n in q.graph.node if n.name == "blocks.0.ff2.int8")
    assert product.input[6] == "blocks.0.ff2.bias", "the bias Add is folded into the product"
    assert not [n for n in q.graph.node if n.op_type == "Add" and "blocks.0.ff2.bias" in n.input]
    w = m.blocks[0].ff2.weight.detach().numpy().T  # [K = 80, N = 48]
    wq, w_scale = inits[product.input[1]], inits[product.input[3]]
    assert wq.dtype == np.int8 and w_scale.shape == (w.shape[1],)
    # No pair of uint8 x int8 products can leave 16 bits (AVX2's integer GEMM adds them there, saturating).
    assert 2 * 255 * int(np.abs(wq).max()) <= 32767
    assert (np.abs(wq * w_scale - w) <= w_scale * 0.5 + 1e-7).all()
    a_scale, a_zero = float(inits[product.input[2]]), int(inits[product.input[4]])
    lo, hi = json.loads(meta["activation_ranges"])["blocks.0.ff2.weight.T"]
    assert abs((min(lo, 0) / a_scale + a_zero) - 0) < 0.51 and abs((max(hi, 0) / a_scale + a_zero) - 255) < 0.51
    # The 8-bit file is not a source for re-exports: checkpoint_from_onnx says to give the float one.
    refused = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "checkpoint_from_onnx.py"), os.path.join(work, "q.onnx"),
                              os.path.join(work, "back.pt")], capture_output=True, text=True)
    assert refused.returncode != 0 and "float" in refused.stderr, refused.stderr
    x = np.random.default_rng(0).uniform(lo, hi, (5, w.shape[0])).astype(np.float32)
    xq = np.clip(np.round(x / a_scale) + a_zero, 0, 255)
    y = ((xq - a_zero) @ wq.astype(np.float32)) * a_scale * w_scale
    bound = np.abs(x) @ (w_scale * 0.5 * np.ones_like(w)) + (a_scale * 0.5) * np.abs(w).sum(axis=0)
    assert (np.abs(y - x @ w) <= bound + 1e-5).all()


if __name__ == "__main__":
    passed = failed = 0
    for name, fn in sorted((n, f) for n, f in globals().items() if n.startswith("test_") and callable(f)):
        try:
            fn()
            passed += 1
            print(f"  ok: {name}")
        except Exception:
            failed += 1
            print(f"  FAILED: {name}")
            traceback.print_exc()
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
