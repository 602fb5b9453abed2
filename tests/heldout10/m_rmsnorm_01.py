"""RMS normalisation with a learned gain, torch backward:
r = sqrt(mean_j x_j^2 + eps), y = g * x / r, L = sum(dy * y);
x, dy (N, D), g (D,) with N = 5, D = 6.
"""

import torch

from verify import derivation

EPS = 1e-6


def loss(x, g, dy):
    r = torch.sqrt((x ** 2).mean(dim=-1, keepdim=True) + EPS)
    return (dy * g * x / r).sum()


def grad(x, g, dy):
    rms = torch.sqrt((x ** 2).mean(dim=-1, keepdim=True) + EPS)
    xhat = x / rms
    dxhat = dy * g
    dg = (dy * xhat).sum(dim=0)
    dx = (dxhat - xhat * (dxhat * xhat).mean(dim=0, keepdim=True)) / rms  # <- wrong
    return dx, dg


def grad_fixed(x, g, dy):
    rms = torch.sqrt((x ** 2).mean(dim=-1, keepdim=True) + EPS)
    xhat = x / rms
    dxhat = dy * g
    dg = (dy * xhat).sum(dim=0)
    dx = (dxhat - xhat * (dxhat * xhat).mean(dim=-1, keepdim=True)) / rms
    return dx, dg


SPEC = dict(wrt=("x", "g"), shapes={"x": ("N", "D"), "g": ("D",), "dy": ("N", "D")},
            draws={}, sizes={"N": 5, "D": 6})
case = derivation(loss, grad, **SPEC, name="m_rmsnorm_01")
CAUSE = "reduction-axis"
FIX = "The rms is taken over the features of each row, so the mean in dx runs over dim=-1."
