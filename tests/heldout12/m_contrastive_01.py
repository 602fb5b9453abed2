"""Contrastive loss on embedding pairs (Hadsell et al.), torch:
d_n = ||a_n - b_n||, L = 1/(2N) sum_n [ y_n d_n^2 + (1 - y_n) max(0, m - d_n)^2 ], m = 3;
a (N, D), b (N, D), y (N,) labels in {0, 1}, with N = 5, D = 3.
"""

import torch

from verify import derivation

MARGIN = 3.0


def loss(a, b, y):
    y = y.to(a.dtype)
    d = (a - b).norm(dim=1)
    hinge = torch.clamp(MARGIN - d, min=0)
    return (y * d ** 2 + (1 - y) * hinge ** 2).sum() / (2 * a.shape[0])


def grad(a, b, y):
    y = y.to(a.dtype)
    N = a.shape[0]
    diff = a - b
    d = diff.norm(dim=1, keepdim=True)
    hinge = torch.clamp(MARGIN - d, min=0)
    g_pos = y[:, None] * 2 * diff  # <- wrong
    g_neg = -(1 - y[:, None]) * hinge * diff / d
    da = (g_pos + g_neg) / N
    db = -da
    return da, db


def grad_fixed(a, b, y):
    y = y.to(a.dtype)
    N = a.shape[0]
    diff = a - b
    d = diff.norm(dim=1, keepdim=True)
    hinge = torch.clamp(MARGIN - d, min=0)
    g_pos = y[:, None] * diff
    g_neg = -(1 - y[:, None]) * hinge * diff / d
    da = (g_pos + g_neg) / N
    db = -da
    return da, db


SPEC = dict(wrt=("a", "b"),
            shapes={"a": ("N", "D"), "b": ("N", "D"), "y": ("N",)},
            draws={"y": ("labels", 2)}, sizes={"N": 5, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_contrastive_01")
CAUSE = "square-factor"
FIX = "The 1/2 in the loss cancels the 2 of d^2, so the similar-pair term is y (a - b)."
