"""Contrastive loss (Hadsell et al.) on pairs of embeddings, torch:
d_n = ||x1_n - x2_n||, L = mean_n [ y_n d_n^2 + (1 - y_n) max(0, m - d_n)^2 ], m = 2;
x1, x2 (N, D), y (N,) in {0, 1} with N = 8, D = 3.
"""

import torch

from verify import derivation

MARGIN = 2.0


def loss(x1, x2, y):
    d = (x1 - x2).norm(dim=1)
    yf = y.to(x1.dtype)
    return (yf * d ** 2 + (1 - yf) * torch.clamp(MARGIN - d, min=0) ** 2).mean()


def grad(x1, x2, y):
    N = x1.shape[0]
    diff = x1 - x2
    d = diff.norm(dim=1)
    yf = y.to(x1.dtype)
    hinge = torch.clamp(MARGIN - d, min=0)
    dd = (2 * yf * d - (1 - yf) * hinge) / N  # <- wrong
    dx1 = dd[:, None] * diff / d[:, None]
    return dx1, -dx1


def grad_fixed(x1, x2, y):
    N = x1.shape[0]
    diff = x1 - x2
    d = diff.norm(dim=1)
    yf = y.to(x1.dtype)
    hinge = torch.clamp(MARGIN - d, min=0)
    dd = (2 * yf * d - 2 * (1 - yf) * hinge) / N
    dx1 = dd[:, None] * diff / d[:, None]
    return dx1, -dx1


SPEC = dict(wrt=("x1", "x2"),
            shapes={"x1": ("N", "D"), "x2": ("N", "D"), "y": ("N",)},
            draws={"y": ("labels", 2)}, sizes={"N": 8, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_contrastive_01")
CAUSE = "square-factor"
FIX = "The dissimilar term max(0, m - d)^2 also gives a 2 when differentiated: 2 (1 - y) hinge."
