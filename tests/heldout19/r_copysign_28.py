"""Reverse rule of copysign in chalk-lab/Mooncake.jl (Julia AD), translated to numpy.

Source: https://github.com/chalk-lab/Mooncake.jl/issues/1195 ("copysign gradient wrong for negative first
argument (missing sign(x) factor)"): the pullback was
    copysign_float_pullback!!(dz) = NoRData(), dz * sign(_y), zero_rdata(_y)
but d copysign(x, y)/dx = sign(x) * sign(y), so the gradient has the wrong sign whenever x < 0 (the
tests used only x > 0); the fix includes sign(x) in the rrule. Loss: sum(G * copysign(x, y));
x (3, 4), y (3, 4), G (3, 4).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, y, G):
    return (G * torch.copysign(x, y)).sum()


def grad(x, y, G):
    _x, _y, dz = x, y, G
    dx = dz * np.sign(_y)  # <- wrong
    return dx


def grad_fixed(x, y, G):
    _x, _y, dz = x, y, G
    dx = dz * np.sign(_x) * np.sign(_y)
    return dx


SPEC = dict(wrt="x", shapes={"x": (3, 4), "y": (3, 4), "G": (3, 4)})
case = derivation(loss, grad, **SPEC, name="r_copysign_28")
CAUSE = "sign"
FIX = "The derivative of copysign(x, y) with respect to x is sign(x)*sign(y), so the pullback must multiply dz by sign(x) as well as sign(y)."
