"""A small decoder-only transformer over AiCoPilot's token ids (docs/tokens.md), written so that one ONNX graph
serves both prefill and streaming: it takes new token ids plus the past keys/values of every layer and returns
logits and the present keys/values. Hand-written attention (torch 1.13 has no scaled_dot_product_attention)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class Config:
    def __init__(self, vocab_size, context=256, d_model=192, n_layer=4, n_head=4, d_ff=768, dropout=0.1):
        self.vocab_size = vocab_size
        self.context = context
        self.d_model = d_model
        self.n_layer = n_layer
        self.n_head = n_head
        self.d_ff = d_ff
        self.dropout = dropout

    def to_dict(self):
        return dict(self.__dict__)


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.n_head = c.n_head
        self.head_dim = c.d_model // c.n_head
        self.ln1 = nn.LayerNorm(c.d_model)
        self.qkv = nn.Linear(c.d_model, 3 * c.d_model)
        self.proj = nn.Linear(c.d_model, c.d_model)
        self.ln2 = nn.LayerNorm(c.d_model)
        self.ff1 = nn.Linear(c.d_model, c.d_ff)
        self.ff2 = nn.Linear(c.d_ff, c.d_model)
        self.drop = nn.Dropout(c.dropout)

    def attend(self, q, k, v, mask, b, t, d):
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(self.head_dim))
        att = att.masked_fill(mask, float("-inf"))
        att = self.drop(F.softmax(att, dim=-1))
        return (att @ v).transpose(1, 2).reshape(b, t, d)

    def feed_forward(self, x, y):
        x = x + self.drop(self.proj(y))
        return x + self.drop(self.ff2(F.gelu(self.ff1(self.ln2(x)))))

    def split_heads(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
        return [z.view(b, t, self.n_head, self.head_dim).transpose(1, 2) for z in (q, k, v)]

    def forward_fixed(self, x, cache_k, cache_v, index, mask):
        """As forward, with a cache of fixed length: the new keys/values are written at positions index."""
        b, t, d = x.shape
        q, k, v = self.split_heads(x)
        k = cache_k.scatter(2, index, k)
        v = cache_v.scatter(2, index, v)
        return self.feed_forward(x, self.attend(q, k, v, mask, b, t, d)), k, v

    def forward_step(self, x, prefix_k, prefix_v, cache_k, cache_v, prefix_mask, past_mask, new_mask):
        """As forward_fixed, without writing the cache: the new positions attend to a prefix every row shares (one
        [1, H, P, Dh] tensor: a pool's prompt, read once for all rows), to the row's own cache and to each other, and only
        their keys/values are returned, for the runner to store. Nothing the size of the cache is copied."""
        b, t, d = x.shape
        q, k, v = self.split_heads(x)
        scale = 1.0 / math.sqrt(self.head_dim)
        # The prefix [1, H, P, Dh] broadcasts over the rows: no copy of it per row.
        scores = torch.cat([(q @ prefix_k.transpose(-2, -1)).masked_fill(prefix_mask, float("-inf")),
                            (q @ cache_k.transpose(-2, -1)).masked_fill(past_mask, float("-inf")),
                            (q @ k.transpose(-2, -1)).masked_fill(new_mask, float("-inf"))], dim=-1) * scale
        att = F.softmax(scores, dim=-1)
        p, s = prefix_k.shape[2], cache_k.shape[2]
        y = (att[..., :p] @ prefix_v + att[..., p:p + s] @ cache_v + att[..., p + s:] @ v).transpose(1, 2).reshape(b, t, d)
        return self.feed_forward(x, y), k, v

    def forward(self, x, past_k, past_v, mask):
        b, t, d = x.shape
        q, k, v = self.split_heads(x)
        k = torch.cat([past_k, k], dim=2)
        v = torch.cat([past_v, v], dim=2)
        return self.feed_forward(x, self.attend(q, k, v, mask, b, t, d)), k, v


class MusicTransformer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.config = c
        self.tok = nn.Embedding(c.vocab_size, c.d_model)
        self.pos = nn.Embedding(c.context, c.d_model)
        self.drop = nn.Dropout(c.dropout)
        self.blocks = nn.ModuleList([Block(c) for _ in range(c.n_layer)])
        self.ln = nn.LayerNorm(c.d_model)
        self.head = nn.Linear(c.d_model, c.vocab_size, bias=False)
        self.head.weight = self.tok.weight  # tied: stored once
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, mean=0.0, std=0.02)
        if isinstance(m, nn.Linear) and m.bias is not None:
            nn.init.zeros_(m.bias)

    def empty_past(self, batch=1):
        c = self.config
        shape = (batch, c.n_head, 0, c.d_model // c.n_head)
        return [torch.zeros(shape) for _ in range(2 * c.n_layer)]

    def forward(self, ids, past):
        """ids [B, T]; past: 2 * n_layer tensors [B, H, P, Dh] (keys then values per layer, interleaved).
        Returns logits [B, T, V] and the present keys/values (past with the new positions appended)."""
        b, t = ids.shape
        p = past[0].shape[2]
        positions = torch.arange(p, p + t, dtype=torch.long).unsqueeze(0)
        x = self.drop(self.tok(ids) + self.pos(positions))
        # Query i (absolute p + i) may see keys 0..p + i.
        q_pos = torch.arange(t).unsqueeze(1) + p
        k_pos = torch.arange(p + t).unsqueeze(0)
        mask = (k_pos > q_pos).unsqueeze(0).unsqueeze(0)
        present = []
        for i, block in enumerate(self.blocks):
            x, k, v = block(x, past[2 * i], past[2 * i + 1], mask)
            present += [k, v]
        return self.head(self.ln(x)), present

    def forward_fixed(self, ids, past_length, cache):
        """The streaming form exported to ONNX: every cache tensor is [1, H, context, Dh] whatever is filled, so the
        runner binds its buffers once. ids [1, T] are written at positions past_length .. past_length + T - 1 (a
        one-element int64 tensor); keys beyond them are masked. Returns logits [1, T, V] and the updated cache."""
        c = self.config
        t = ids.shape[1]
        steps = torch.arange(t, dtype=torch.long)
        positions = (past_length + steps).unsqueeze(0)
        x = self.tok(ids) + self.pos(positions)
        mask = (torch.arange(c.context).unsqueeze(0) > (past_length + steps).unsqueeze(1)).unsqueeze(0).unsqueeze(0)
        index = positions.view(1, 1, t, 1).expand(1, c.n_head, t, c.d_model // c.n_head)
        present = []
        for i, block in enumerate(self.blocks):
            x, k, v = block.forward_fixed(x, cache[2 * i], cache[2 * i + 1], index, mask)
            present += [k, v]
        return self.head(self.ln(x)), present

    def forward_step(self, ids, prefix_length, past_length, prefix, cache):
        """The streaming form exported to ONNX (model version 4). prefix: per layer, keys then values [1, H, P, Dh], a
        prefix every row may share (a pool's prompt), row b seeing its first prefix_length[b] positions; cache: per layer
        [B, H, S, Dh], each row's own positions after its prefix, row b masked from past_length[b] on. Both are only
        read. ids [B, T] are at positions prefix_length[b] + past_length[b] + 0 .. T - 1. Returns logits [B, T, V] and
        the new keys/values [B, H, T, Dh] per layer, which the runner stores in the row's cache at past_length[b].
        Rows are independent; a single stream passes a one-position prefix with prefix_length 0."""
        t = ids.shape[1]
        steps = torch.arange(t, dtype=torch.long)
        positions = (prefix_length + past_length).unsqueeze(1) + steps.unsqueeze(0)                 # [B, T]
        x = self.tok(ids) + self.pos(positions)
        p, s = prefix[0].shape[2], cache[0].shape[2]
        prefix_mask = (torch.arange(p).unsqueeze(0) >= prefix_length.unsqueeze(1)).unsqueeze(1).unsqueeze(1)  # [B,1,1,P]
        past_mask = (torch.arange(s).unsqueeze(0) >= past_length.unsqueeze(1)).unsqueeze(1).unsqueeze(1)      # [B,1,1,S]
        new_mask = (steps.unsqueeze(0) > steps.unsqueeze(1)).unsqueeze(0).unsqueeze(0)             # [1,1,T,T]
        new = []
        for i, block in enumerate(self.blocks):
            x, k, v = block.forward_step(x, prefix[2 * i], prefix[2 * i + 1], cache[2 * i], cache[2 * i + 1],
                                         prefix_mask, past_mask, new_mask)
            new += [k, v]
        return self.head(self.ln(x)), new

    def parameter_count(self):
        return sum(p.numel() for p in self.parameters())
