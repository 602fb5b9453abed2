"""A hardtanh layer (clamp to [-1, 1]) in torch, checked through L = sum(dout * out).

x (N, D) drawn N(0, 2^2), out = clamp(x, -1, 1), dout (N, D) the upstream gradient.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, dout):
    return (dout * F.hardtanh(x)).sum()


def grad(x, dout):
    out = torch.clamp(x, -1.0, 1.0)
    inside = x > -1.0  # <- wrong
    dx = torch.where(inside, dout, torch.zeros_like(out))
    return dx


def grad_fixed(x, dout):
    out = torch.clamp(x, -1.0, 1.0)
    inside = (x > -1.0) & (x < 1.0)
    dx = torch.where(inside, dout, torch.zeros_like(out))
    return dx


SPEC = dict(wrt="x", shapes={"x": ("N", "D"), "dout": ("N", "D")}, draws={"x": ("normal", 2.0)},
            sizes={"N": 4, "D": 3})
case = derivation(loss, grad, **SPEC, name="l_act_06")
CAUSE = "mask"
FIX = "Zero the gradient above 1 too: inside = (x > -1) & (x < 1)."
