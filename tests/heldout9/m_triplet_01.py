"""Triplet loss with squared distances, numpy gradient:
L = mean_n max(0, ||a - p||^2 - ||a - n||^2 + m) with margin m = 1;
a (anchor), p (positive), n (negative) all (N, D) with N = 10, D = 3.
"""

import numpy as np
import torch

from verify import derivation

MARGIN = 1.0


def loss(a, p, n):
    l = ((a - p) ** 2).sum(1) - ((a - n) ** 2).sum(1) + MARGIN
    return torch.clamp(l, min=0).mean()


def grad(a, p, n):
    a, p, n = np.asarray(a), np.asarray(p), np.asarray(n)
    N = a.shape[0]
    l = ((a - p) ** 2).sum(axis=1) - ((a - n) ** 2).sum(axis=1) + MARGIN
    active = (l > 0).astype(a.dtype)[:, None] / N
    grad_a = 2 * (n - p) * active
    grad_p = 2 * (a - p) * active  # <- wrong
    grad_n = 2 * (a - n) * active
    return grad_a, grad_p, grad_n


def grad_fixed(a, p, n):
    a, p, n = np.asarray(a), np.asarray(p), np.asarray(n)
    N = a.shape[0]
    l = ((a - p) ** 2).sum(axis=1) - ((a - n) ** 2).sum(axis=1) + MARGIN
    active = (l > 0).astype(a.dtype)[:, None] / N
    grad_a = 2 * (n - p) * active
    grad_p = 2 * (p - a) * active
    grad_n = 2 * (a - n) * active
    return grad_a, grad_p, grad_n


SPEC = dict(wrt=("a", "p", "n"), shapes={"a": ("N", "D"), "p": ("N", "D"), "n": ("N", "D")},
            draws={}, sizes={"N": 10, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_triplet_01")
CAUSE = "sign"
FIX = "d||a - p||^2 / dp = 2 (p - a), so grad_p = 2 * (p - a) * active."
