"""A hardtanh (clamp to [-1, 1]) layer as a torch function pair, checked through
L = sum(g * clamp(x, -1, 1)); x (4, 6) drawn with scale 2 so both sides are clipped, g (4, 6).
"""

import torch

from verify import derivation


def loss(x, g):
    return (g * torch.clamp(x, -1.0, 1.0)).sum()


def hardtanh_backward(g, x):
    inside = (x > -1.0) | (x < 1.0)  # <- wrong
    return g * inside


def hardtanh_backward_fixed(g, x):
    inside = (x > -1.0) & (x < 1.0)
    return g * inside


def grad(x, g):
    return hardtanh_backward(g, x)


def grad_fixed(x, g):
    return hardtanh_backward_fixed(g, x)


SPEC = dict(wrt="x", shapes={"x": (4, 6), "g": (4, 6)}, draws={"x": ("normal", 2.0)})
case = derivation(loss, grad, **SPEC, name="g_act_04")
CAUSE = "mask"
FIX = "The gradient passes only strictly inside the interval: (x > -1) & (x < 1), not |."
