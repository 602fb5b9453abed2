"""Triplet loss with squared distances, numpy backward:
L = mean_n max(0, |a_n - p_n|^2 - |a_n - n_n|^2 + 1);
anchor, pos, neg (N, D) with N = 8, D = 3.
"""

import numpy as np
import torch

from verify import derivation

MARGIN = 1.0


def loss(anchor, pos, neg):
    dap = ((anchor - pos) ** 2).sum(dim=1)
    dan = ((anchor - neg) ** 2).sum(dim=1)
    return torch.relu(dap - dan + MARGIN).mean()


def grad(anchor, pos, neg):
    a, p, n = np.asarray(anchor), np.asarray(pos), np.asarray(neg)
    N = a.shape[0]
    dap = ((a - p) ** 2).sum(axis=1)
    dan = ((a - n) ** 2).sum(axis=1)
    active = (dap - dan + MARGIN > 0).astype(a.dtype)
    g = active[:, None] / N
    da = 2 * (n - p) * g
    dp = -2 * (a - p) * g
    dn = -2 * (a - n) * g  # <- wrong
    return da, dp, dn


def grad_fixed(anchor, pos, neg):
    a, p, n = np.asarray(anchor), np.asarray(pos), np.asarray(neg)
    N = a.shape[0]
    dap = ((a - p) ** 2).sum(axis=1)
    dan = ((a - n) ** 2).sum(axis=1)
    active = (dap - dan + MARGIN > 0).astype(a.dtype)
    g = active[:, None] / N
    da = 2 * (n - p) * g
    dp = -2 * (a - p) * g
    dn = 2 * (a - n) * g
    return da, dp, dn


SPEC = dict(wrt=("anchor", "pos", "neg"),
            shapes={"anchor": ("N", "D"), "pos": ("N", "D"), "neg": ("N", "D")},
            draws={}, sizes={"N": 8, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_triplet_01")
CAUSE = "sign"
FIX = "The negative enters as -|a - n|^2, so d/dn = +2 (a - n)."
