"""RMSNorm over the last dimension with a learned gain, fed an upstream gradient, torch:
r = sqrt(mean_d x^2 + eps), y = g * x / r, L = sum(dy * y);
x (5, 8), g (8,), dy (5, 8), eps = 1e-6.
"""

import torch

from verify import derivation

EPS = 1e-6


def loss(x, g, dy):
    r = torch.sqrt((x * x).mean(-1, keepdim=True) + EPS)
    return (dy * g * x / r).sum()


def grad(x, g, dy):
    r = torch.sqrt((x * x).mean(-1, keepdim=True) + EPS)
    xhat = x / r
    dg = (dy * xhat).sum(0)
    dxhat = dy * g
    dx = (dxhat - xhat * (dxhat * xhat).mean(0, keepdim=True)) / r  # <- wrong
    return dx, dg


def grad_fixed(x, g, dy):
    r = torch.sqrt((x * x).mean(-1, keepdim=True) + EPS)
    xhat = x / r
    dg = (dy * xhat).sum(0)
    dxhat = dy * g
    dx = (dxhat - xhat * (dxhat * xhat).mean(-1, keepdim=True)) / r
    return dx, dg


SPEC = dict(wrt=("x", "g"), shapes={"x": (5, 8), "g": (8,), "dy": (5, 8)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_rmsnorm_01")
CAUSE = "reduction-axis"
FIX = "Each row has its own r, so the projection term averages over the last dim: mean(-1, keepdim=True)."
