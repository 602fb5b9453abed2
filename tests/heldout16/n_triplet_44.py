"""Triplet loss with squared Euclidean distances and margin 1, numpy:
L = 1/N sum_n max(0, |a_n - p_n|^2 - |a_n - q_n|^2 + 1) with anchor a, positive p, negative q;
a (6, 4), p (6, 4), q (6, 4).
"""

import numpy as np
import torch

from verify import derivation

MARGIN = 1.0


def loss(a, p, q):
    d_pos = ((a - p) ** 2).sum(dim=1)
    d_neg = ((a - q) ** 2).sum(dim=1)
    return torch.clamp(d_pos - d_neg + MARGIN, min=0).mean()


def grad(a, p, q):
    N = a.shape[0]
    d_pos = np.sum((a - p) ** 2, axis=1)
    d_neg = np.sum((a - q) ** 2, axis=1)
    active = (d_pos - d_neg + MARGIN > 0).astype(a.dtype)[:, None] / N
    da = 2 * active * (q - p)
    dp = -2 * active * (a - p)
    dq = 2 * active * (a - q)
    return da, dq, dp  # <- wrong


def grad_fixed(a, p, q):
    N = a.shape[0]
    d_pos = np.sum((a - p) ** 2, axis=1)
    d_neg = np.sum((a - q) ** 2, axis=1)
    active = (d_pos - d_neg + MARGIN > 0).astype(a.dtype)[:, None] / N
    da = 2 * active * (q - p)
    dp = -2 * active * (a - p)
    dq = 2 * active * (a - q)
    return da, dp, dq


SPEC = dict(wrt=("a", "p", "q"), shapes={"a": (6, 4), "p": (6, 4), "q": (6, 4)})
case = derivation(loss, grad, **SPEC, name="n_triplet_44")
CAUSE = "return-order"
FIX = "The gradients must come back in the order of wrt, (a, p, q): return da, dp, dq."
