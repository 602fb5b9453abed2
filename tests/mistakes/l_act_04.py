"""A ReLU layer in torch, checked through L = sum(dout * out).

x (N, D), out = max(0, x), dout (N, D) the upstream gradient.
"""

import torch

from verify import derivation


def loss(x, dout):
    return (dout * torch.relu(x)).sum()


def grad(x, dout):
    out = torch.clamp(x, min=0)
    mask = (x <= 0).to(out.dtype)  # <- wrong
    dx = dout * mask
    return dx


def grad_fixed(x, dout):
    out = torch.clamp(x, min=0)
    mask = (x > 0).to(out.dtype)
    dx = dout * mask
    return dx


SPEC = dict(wrt="x", shapes={"x": ("N", "D"), "dout": ("N", "D")}, sizes={"N": 4, "D": 4})
case = derivation(loss, grad, **SPEC, name="l_act_04")
CAUSE = "mask"
FIX = "Pass the gradient where x > 0, not where x <= 0."
