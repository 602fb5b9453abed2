"""Triplet margin loss with squared distances, pure Python lists, batch of N = 2 triplets.

L = mean_i max(0, |a_i - p_i|^2 - |a_i - n_i|^2 + 1); a, p, n each (2, 3).
Gradients with respect to (a, p, n).
Mistake: the gradients are returned as (da, dn, dp), swapping positive and negative.
"""

import torch

from verify import derivation

MARGIN = 1.0


def loss(a, p, n):
    dap = ((a - p) ** 2).sum(dim=1)
    dan = ((a - n) ** 2).sum(dim=1)
    return torch.clamp(dap - dan + MARGIN, min=0).mean()


def grad(a, p, n):
    N = len(a)
    da, dp, dn = [], [], []
    for ai, pi, ni in zip(a, p, n):
        dap = sum((u - v) ** 2 for u, v in zip(ai, pi))
        dan = sum((u - v) ** 2 for u, v in zip(ai, ni))
        active = 1.0 if dap - dan + MARGIN > 0 else 0.0
        da.append([active * 2 * (nk - pk) / N for pk, nk in zip(pi, ni)])
        dp.append([active * -2 * (ak - pk) / N for ak, pk in zip(ai, pi)])
        dn.append([active * 2 * (ak - nk) / N for ak, nk in zip(ai, ni)])
    return da, dn, dp  # <- wrong


def grad_fixed(a, p, n):
    N = len(a)
    da, dp, dn = [], [], []
    for ai, pi, ni in zip(a, p, n):
        dap = sum((u - v) ** 2 for u, v in zip(ai, pi))
        dan = sum((u - v) ** 2 for u, v in zip(ai, ni))
        active = 1.0 if dap - dan + MARGIN > 0 else 0.0
        da.append([active * 2 * (nk - pk) / N for pk, nk in zip(pi, ni)])
        dp.append([active * -2 * (ak - pk) / N for ak, pk in zip(ai, pi)])
        dn.append([active * 2 * (ak - nk) / N for ak, nk in zip(ai, ni)])
    return da, dp, dn


SPEC = dict(wrt=("a", "p", "n"), shapes={"a": (2, 3), "p": (2, 3), "n": (2, 3)})
case = derivation(loss, grad, **SPEC, name="t_triplet_45")
CAUSE = "return-order"
FIX = "Gradients are returned in the order of wrt: da, dp, dn."
