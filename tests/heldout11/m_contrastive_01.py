"""Siamese contrastive loss (Hadsell, Chopra, LeCun), numpy:
d_n = ||a_n - b_n||, L = 1/(2N) sum_n [ y_n d_n^2 + (1 - y_n) max(0, m - d_n)^2 ], m = 3;
a (N, D), b (N, D), y (N,) in {0, 1} (1: similar pair), N = 5, D = 3.
"""

import numpy as np
import torch

from verify import derivation

MARGIN = 3.0


def loss(a, b, y):
    y = y.to(a.dtype)
    d = torch.sqrt(((a - b) ** 2).sum(dim=1))
    hinge = torch.clamp(MARGIN - d, min=0)
    return (y * d ** 2 + (1 - y) * hinge ** 2).sum() / (2 * a.shape[0])


def grad(a, b, y):
    N = a.shape[0]
    diff = a - b
    d = np.sqrt((diff ** 2).sum(axis=1))
    hinge = np.maximum(0.0, MARGIN - d)
    dd = (y * d - (1 - y) * hinge) / N
    unit = diff / d[:, None]
    da = dd[:, None] * unit
    db = dd[:, None] * unit  # <- wrong
    return da, db


def grad_fixed(a, b, y):
    N = a.shape[0]
    diff = a - b
    d = np.sqrt((diff ** 2).sum(axis=1))
    hinge = np.maximum(0.0, MARGIN - d)
    dd = (y * d - (1 - y) * hinge) / N
    unit = diff / d[:, None]
    da = dd[:, None] * unit
    db = -dd[:, None] * unit
    return da, db


SPEC = dict(wrt=("a", "b"),
            shapes={"a": ("N", "D"), "b": ("N", "D"), "y": ("N",)},
            draws={"y": ("labels", 2)}, sizes={"N": 5, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_contrastive_01")
CAUSE = "sign"
FIX = "d depends on a - b, so the gradient with respect to b is minus the one with respect to a."
