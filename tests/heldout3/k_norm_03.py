"""RMSNorm in torch (no autograd): r = sqrt(mean_j x_j^2 + eps), y = g * x / r,
L = sum(dout * y); x (N, D) = (3, 5), g (5,), dout (3, 5).
"""

import torch

from verify import derivation


def loss(x, g, dout):
    r = torch.sqrt((x ** 2).mean(dim=-1, keepdim=True) + 1e-6)
    return (dout * g * x / r).sum()


def grad(x, g, dout):
    D = x.shape[-1]
    ms = (x ** 2).mean(dim=-1, keepdim=True)
    r = torch.sqrt(ms + 1e-6)
    y = x / r
    dg = (dout * y).sum(dim=0)
    dy = dout * g
    dr = -(dy * x).sum(dim=-1, keepdim=True) / r ** 2
    dms = dr / (2 * r)
    dx = dy / r + dms * x / D  # <- wrong
    return dx, dg


def grad_fixed(x, g, dout):
    D = x.shape[-1]
    ms = (x ** 2).mean(dim=-1, keepdim=True)
    r = torch.sqrt(ms + 1e-6)
    y = x / r
    dg = (dout * y).sum(dim=0)
    dy = dout * g
    dr = -(dy * x).sum(dim=-1, keepdim=True) / r ** 2
    dms = dr / (2 * r)
    dx = dy / r + dms * 2 * x / D
    return dx, dg


SPEC = dict(wrt=("x", "g"), shapes={"x": (3, 5), "g": (5,), "dout": (3, 5)})
case = derivation(loss, grad, **SPEC, name="k_norm_03")
CAUSE = "square-factor"
FIX = "d(mean_j x_j^2)/dx = 2 x / D: the 2 from the square is missing."
