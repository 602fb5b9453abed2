"""A gated linear unit (GLU) layer, torch:
[A | B] = x W + c, h = A * sigma(B), L = sum(dout * h);
x (4, 5), W (5, 6), c (6,), dout (4, 3).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W, c, dout):
    return (dout * F.glu(x @ W + c, dim=-1)).sum()


def grad(x, W, c, dout):
    M = W.shape[1] // 2
    z = x @ W + c
    a, b = z[:, :M], z[:, M:]
    gate = torch.sigmoid(b)
    da = dout * gate
    db = dout * a  # <- wrong
    dz = torch.cat([da, db], dim=1)
    dW = x.T @ dz
    dc = dz.sum(dim=0)
    return dW, dc


def grad_fixed(x, W, c, dout):
    M = W.shape[1] // 2
    z = x @ W + c
    a, b = z[:, :M], z[:, M:]
    gate = torch.sigmoid(b)
    da = dout * gate
    db = dout * a * gate * (1 - gate)
    dz = torch.cat([da, db], dim=1)
    dW = x.T @ dz
    dc = dz.sum(dim=0)
    return dW, dc


SPEC = dict(wrt=("W", "c"), shapes={"x": (4, 5), "W": (5, 6), "c": (6,), "dout": (4, 3)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_glu_01")
CAUSE = "activation-derivative-missing"
FIX = "The gate half passes through a sigmoid: db = dout * a * sigma(b) (1 - sigma(b))."
