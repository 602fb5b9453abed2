"""The contrastive loss of a siamese pair, torch:
d_i = ||a_i - b_i||, L = 1/(2N) sum_i [y_i d_i^2 + (1 - y_i) max(0, m - d_i)^2], m = 2;
a (N, D), b (N, D), y (N,) in {0, 1} (1: similar pair).
"""

import torch

from verify import derivation

MARGIN = 2.0


def loss(a, b, y):
    yf = y.to(a.dtype)
    d = (a - b).norm(dim=1)
    return 0.5 * (yf * d ** 2 + (1 - yf) * torch.clamp(MARGIN - d, min=0) ** 2).mean()


def grad(a, b, y):
    N = a.shape[0]
    yf = y.to(a.dtype)
    diff = a - b
    d = torch.sqrt((diff ** 2).sum(dim=1))
    hinge = torch.clamp(MARGIN - d, min=0)
    push = (hinge > 0).to(a.dtype)  # <- wrong
    coef = yf - push * hinge / d
    da = coef[:, None] * diff / N
    return da, -da


def grad_fixed(a, b, y):
    N = a.shape[0]
    yf = y.to(a.dtype)
    diff = a - b
    d = torch.sqrt((diff ** 2).sum(dim=1))
    hinge = torch.clamp(MARGIN - d, min=0)
    push = (hinge > 0).to(a.dtype) * (1 - yf)
    coef = yf - push * hinge / d
    da = coef[:, None] * diff / N
    return da, -da


SPEC = dict(wrt=("a", "b"), shapes={"a": ("N", "D"), "b": ("N", "D"), "y": ("N",)},
            draws={"y": ("labels", 2)}, sizes={"N": 6, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_contrastive_01")
CAUSE = "mask"
FIX = "Only dissimilar pairs are pushed apart, so the margin mask is (hinge > 0) * (1 - y)."
