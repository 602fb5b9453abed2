"""Attention pooling of a sequence with a learned query, torch:
s = X q / sqrt(D) over the T positions, a = softmax(s), out = sum_t a_t X_t, L = sum(G * out);
X (N, T, D), q (D,), G (N, D) with N = 3, T = 6, D = 4.
"""

import math

import torch

from verify import derivation


def loss(X, q, G):
    a = torch.softmax(X @ q / math.sqrt(X.shape[-1]), dim=-1)
    return (G * (a[..., None] * X).sum(1)).sum()


def grad(X, q, G):
    D = X.shape[-1]
    scale = 1.0 / math.sqrt(D)
    a = torch.softmax(X @ q * scale, dim=-1)
    dX = a[..., None] * G[:, None, :]
    da = (X * G[:, None, :]).sum(-1)
    ds = a * (da - (a * da).sum(-1, keepdim=True))
    dq = (ds[..., None] * X).sum(dim=(0, 1)) / D  # <- wrong
    dX = dX + ds[..., None] * q * scale
    return dX, dq


def grad_fixed(X, q, G):
    D = X.shape[-1]
    scale = 1.0 / math.sqrt(D)
    a = torch.softmax(X @ q * scale, dim=-1)
    dX = a[..., None] * G[:, None, :]
    da = (X * G[:, None, :]).sum(-1)
    ds = a * (da - (a * da).sum(-1, keepdim=True))
    dq = (ds[..., None] * X).sum(dim=(0, 1)) * scale
    dX = dX + ds[..., None] * q * scale
    return dX, dq


SPEC = dict(wrt=("X", "q"), shapes={"X": ("N", "T", "D"), "q": ("D",), "G": ("N", "D")},
            draws={}, sizes={"N": 3, "T": 6, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_attn_03")
CAUSE = "wrong-coefficient"
FIX = "The scores are scaled by 1 / sqrt(D), so dq carries the same scale, not 1 / D."
