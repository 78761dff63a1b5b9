#!/usr/bin/python3
"""Trains AiCoPilot's compact music transformer on CPU (2 threads) from `aicopilot tokenize` output.

Fixed seeds, transposition augmentation, a progress line with loss and tokens/s, a checkpoint every epoch
(resume by running the same command again), validation loss per epoch, early stopping, and the best model kept.
    /usr/bin/python3 training/train.py --data DIR --out RUNDIR [--epochs 10] [--minutes 55]
"""
import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import TokenCorpus  # noqa: E402
from model import Config, MusicTransformer  # noqa: E402


def batches(corpus, tokens, batch, context, rng, augment):
    """Random windows of context + 1 tokens, transposed by -5..+6 semitones when augmenting."""
    while True:
        xs = []
        while len(xs) < batch:
            start = rng.randrange(0, len(tokens) - context - 1)
            window = tokens[start:start + context + 1]
            if augment:
                window = corpus.transpose(window, rng.randint(-5, 6))
                if window is None:
                    continue
            xs.append(window)
        yield torch.from_numpy(np.stack(xs))


def evaluate(model, tokens, context, batch=16):
    """Mean cross-entropy (nats/token) over non-overlapping windows of the validation split."""
    model.eval()
    total, count = 0.0, 0
    windows = [tokens[i:i + context + 1] for i in range(0, len(tokens) - context - 1, context)]
    with torch.no_grad():
        for i in range(0, len(windows), batch):
            x = torch.from_numpy(np.stack(windows[i:i + batch]))
            logits, _ = model(x[:, :-1], model.empty_past(x.shape[0]))
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), x[:, 1:].reshape(-1), reduction="sum")
            total += loss.item()
            count += x[:, 1:].numel()
    model.train()
    return total / max(1, count)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--minutes", type=float, default=55, help="stop starting new epochs after this much training time")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--context", type=int, default=256)
    ap.add_argument("--d-model", type=int, default=192)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--patience", type=int, default=2)
    ap.add_argument("--seed", type=int, default=20261124)
    ap.add_argument("--init", help="start from this checkpoint's weights (e.g. the shipped model, rebuilt by checkpoint_from_onnx.py)")
    args = ap.parse_args()

    torch.set_num_threads(2)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    corpus = TokenCorpus(args.data)
    train, valid = corpus.split("train"), corpus.split("valid")
    print(f"train {len(train)} tokens, valid {len(valid)} tokens, vocabulary {corpus.vocab_size} ({corpus.vocab_hash})", flush=True)

    config = Config(corpus.vocab_size, args.context, args.d_model, args.layers, args.heads, 4 * args.d_model)
    model = MusicTransformer(config)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01, betas=(0.9, 0.98))
    steps_per_epoch = max(1, len(train) // (args.batch * args.context))
    total_steps = steps_per_epoch * args.epochs
    warmup = min(300, total_steps // 10)

    def lr_at(step):
        if step < warmup:
            return args.lr * (step + 1) / warmup
        progress = (step - warmup) / max(1, total_steps - warmup)
        return args.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))

    state = {"epoch": 0, "step": 0, "best": float("inf"), "bad": 0, "history": [], "seconds": 0.0}
    checkpoint = os.path.join(args.out, "checkpoint.pt")
    if os.path.exists(checkpoint):
        saved = torch.load(checkpoint)
        model.load_state_dict(saved["model"])
        opt.load_state_dict(saved["optimizer"])
        state = saved["state"]
        rng.setstate(saved["rng"])
        torch.set_rng_state(saved["torch_rng"])
        print(f"resumed after epoch {state['epoch']} (best validation {state['best']:.4f})", flush=True)
    elif args.init:
        init = torch.load(args.init)
        if init.get("vocab_hash") not in (None, corpus.vocab_hash):
            raise SystemExit(f"--init was trained for vocabulary {init['vocab_hash']}, the tokens are {corpus.vocab_hash}")
        shape = lambda c: {k: v for k, v in c.items() if k != "dropout"}  # noqa: E731
        if shape(init["config"]) != shape(config.to_dict()):
            raise SystemExit(f"--init has shape {init['config']}, this run {config.to_dict()}")
        model.load_state_dict(init["model"])
        print(f"starting from the weights of {args.init}", flush=True)
    print(f"model: {model.parameter_count()} parameters, {steps_per_epoch} steps per epoch", flush=True)

    stream = batches(corpus, train, args.batch, args.context, rng, augment=True)
    while state["epoch"] < args.epochs and state["bad"] < args.patience and state["seconds"] < args.minutes * 60:
        epoch_start = time.time()
        tokens_seen, loss_sum = 0, 0.0
        for i in range(steps_per_epoch):
            for g in opt.param_groups:
                g["lr"] = lr_at(state["step"])
            x = next(stream)
            logits, _ = model(x[:, :-1], model.empty_past(x.shape[0]))
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), x[:, 1:].reshape(-1))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            state["step"] += 1
            tokens_seen += x[:, 1:].numel()
            loss_sum += loss.item()
            if (i + 1) % 20 == 0 or i + 1 == steps_per_epoch:
                elapsed = time.time() - epoch_start
                done = (i + 1) / steps_per_epoch
                bar = "#" * int(30 * done) + "." * (30 - int(30 * done))
                print(f"\repoch {state['epoch'] + 1} [{bar}] {i + 1}/{steps_per_epoch} loss {loss_sum / (i + 1):.4f} "
                      f"{tokens_seen / max(elapsed, 1e-9):.0f} tok/s", end="", flush=True)
        val = evaluate(model, valid, args.context)
        state["seconds"] += time.time() - epoch_start
        state["epoch"] += 1
        state["history"].append({"epoch": state["epoch"], "train_loss": loss_sum / steps_per_epoch, "valid_loss": val,
                                 "seconds": round(state["seconds"])})
        improved = val < state["best"] - 1e-4
        print(f"\nepoch {state['epoch']}: validation {val:.4f} nats/token ({val / math.log(2):.3f} bits)"
              f"{' (best)' if improved else ''}, {state['seconds'] / 60:.1f} min so far", flush=True)
        if improved:
            state["best"], state["bad"] = val, 0
            torch.save({"model": model.state_dict(), "config": config.to_dict(), "vocab_hash": corpus.vocab_hash,
                        "spec_version": corpus.spec_version, "datasets": corpus.datasets(), "history": state["history"]},
                       os.path.join(args.out, "best.pt"))
        else:
            state["bad"] += 1
        torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "state": state, "rng": rng.getstate(),
                    "torch_rng": torch.get_rng_state()}, checkpoint)
    with open(os.path.join(args.out, "history.json"), "w") as f:
        json.dump(state, f, indent=1)
    print(f"done: best validation {state['best']:.4f} nats/token after {state['epoch']} epochs, {state['seconds'] / 60:.1f} min", flush=True)


if __name__ == "__main__":
    main()
