"""The triplet loss with squared distances, numpy:
L = mean_n max(0, ||a_n - p_n||^2 - ||a_n - n_n||^2 + margin), margin = 1;
a, p, n (N, D), N = 6, D = 4.
"""

import numpy as np
import torch

from verify import derivation

MARGIN = 1.0


def loss(a, p, n):
    d_pos = ((a - p) ** 2).sum(1)
    d_neg = ((a - n) ** 2).sum(1)
    return torch.relu(d_pos - d_neg + MARGIN).mean()


def grad(a, p, n):
    a, p, n = np.asarray(a), np.asarray(p), np.asarray(n)
    d_pos = ((a - p) ** 2).sum(axis=1)
    d_neg = ((a - n) ** 2).sum(axis=1)
    w = ((d_pos - d_neg + MARGIN) > 0).astype(a.dtype)[:, None] / a.shape[0]
    da = 2 * (n - p) * w
    dp = -2 * (a - p) * w
    dn = 2 * (a - p) * w  # <- wrong
    return da, dp, dn


def grad_fixed(a, p, n):
    a, p, n = np.asarray(a), np.asarray(p), np.asarray(n)
    d_pos = ((a - p) ** 2).sum(axis=1)
    d_neg = ((a - n) ** 2).sum(axis=1)
    w = ((d_pos - d_neg + MARGIN) > 0).astype(a.dtype)[:, None] / a.shape[0]
    da = 2 * (n - p) * w
    dp = -2 * (a - p) * w
    dn = 2 * (a - n) * w
    return da, dp, dn


SPEC = dict(wrt=("a", "p", "n"), shapes={"a": ("N", "D"), "p": ("N", "D"), "n": ("N", "D")},
            draws={}, sizes={"N": 6, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_triplet_01")
CAUSE = "wrong-operand"
FIX = "-||a - n||^2 differentiates in n to 2 (a - n): the negative's own distance, not the positive's."
