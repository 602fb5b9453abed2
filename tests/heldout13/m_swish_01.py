"""Swish with a fixed beta = 1.5 under an upstream gradient, pure Python:
y_i = z_i sigma(beta z_i), L = sum_i g_i y_i; z (D,), g (D,) with D = 6.
"""

import math

import torch

from verify import derivation

BETA = 1.5


def loss(z, g):
    return (g * z * torch.sigmoid(BETA * z)).sum()


def grad(z, g):
    dz = []
    for zi, gi in zip(z.tolist(), g.tolist(), strict=True):
        s = 1.0 / (1.0 + math.exp(-BETA * zi))
        dgate = s * (1.0 - s)  # <- wrong
        dy = s + zi * dgate
        dz.append(gi * dy)
    return dz


def grad_fixed(z, g):
    dz = []
    for zi, gi in zip(z.tolist(), g.tolist(), strict=True):
        s = 1.0 / (1.0 + math.exp(-BETA * zi))
        dgate = BETA * s * (1.0 - s)
        dy = s + zi * dgate
        dz.append(gi * dy)
    return dz


SPEC = dict(wrt="z", shapes={"z": ("D",), "g": ("D",)}, draws={}, sizes={"D": 6})
case = derivation(loss, grad, **SPEC, name="m_swish_01")
CAUSE = "wrong-coefficient"
FIX = "By the chain rule sigma(beta z)' = beta s (1 - s)."
