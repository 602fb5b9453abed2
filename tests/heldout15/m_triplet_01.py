"""The triplet margin loss with squared distances, pure Python:
L = sum_i max(0, ||a_i - p_i||^2 - ||a_i - n_i||^2 + m), m = 1; a, p, n (5, 3).
"""

import torch

from verify import derivation

MARGIN = 1.0


def loss(a, p, n):
    gap = ((a - p) ** 2).sum(1) - ((a - n) ** 2).sum(1) + MARGIN
    return torch.relu(gap).sum()


def grad(a, p, n):
    a, p, n = a.tolist(), p.tolist(), n.tolist()
    da, dp, dn = [], [], []
    for ai, pi, ni in zip(a, p, n):
        gap = sum((x - y) ** 2 for x, y in zip(ai, pi)) - sum((x - y) ** 2 for x, y in zip(ai, ni)) + MARGIN
        active = 1.0 if gap < 0 else 0.0  # <- wrong
        da.append([active * 2 * (y - x) for x, y in zip(pi, ni)])
        dp.append([active * 2 * (y - x) for x, y in zip(ai, pi)])
        dn.append([active * 2 * (x - y) for x, y in zip(ai, ni)])
    return da, dp, dn


def grad_fixed(a, p, n):
    a, p, n = a.tolist(), p.tolist(), n.tolist()
    da, dp, dn = [], [], []
    for ai, pi, ni in zip(a, p, n):
        gap = sum((x - y) ** 2 for x, y in zip(ai, pi)) - sum((x - y) ** 2 for x, y in zip(ai, ni)) + MARGIN
        active = 1.0 if gap > 0 else 0.0
        da.append([active * 2 * (y - x) for x, y in zip(pi, ni)])
        dp.append([active * 2 * (y - x) for x, y in zip(ai, pi)])
        dn.append([active * 2 * (x - y) for x, y in zip(ai, ni)])
    return da, dp, dn


SPEC = dict(wrt=("a", "p", "n"), shapes={"a": (5, 3), "p": (5, 3), "n": (5, 3)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_triplet_01")
CAUSE = "mask"
FIX = "The hinge passes gradient where it is active, so active = 1 when gap > 0, not gap < 0."
