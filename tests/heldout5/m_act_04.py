"""Leaky ReLU with slope 0.2 (as in a GAN discriminator), torch flat function:
out = x for x > 0 and 0.2 x otherwise; loss = sum(dout * out); x (8, 6), dout (8, 6).
"""

import torch
import torch.nn.functional as F

from verify import derivation

SLOPE = 0.2


def loss(x, dout):
    return (dout * F.leaky_relu(x, SLOPE)).sum()


def grad(x, dout):
    pos = x > 0
    mask = pos.to(x.dtype)  # <- wrong
    dx = dout * mask
    return dx


def grad_fixed(x, dout):
    pos = x > 0
    mask = torch.where(pos, torch.ones_like(x), torch.full_like(x, SLOPE))
    dx = dout * mask
    return dx


SPEC = dict(wrt="x", shapes={"x": (8, 6), "dout": (8, 6)})
case = derivation(loss, grad, **SPEC, name="m_act_04")
CAUSE = "mask"
FIX = "A leaky ReLU passes SLOPE * dout where x <= 0; the plain ReLU mask drops it."
