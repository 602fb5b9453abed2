"""Leaky ReLU with slope 0.2 on the negative side under an upstream gradient:
out = x if x > 0 else 0.2 x, L = sum(dout * out); x (5, 3), dout (5, 3).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

SLOPE = 0.2


def loss(x, dout):
    return (dout * F.leaky_relu(x, negative_slope=SLOPE)).sum()


def grad(x, dout):
    dx = np.ones_like(x)
    dx[x < 0] = 0.01  # <- wrong
    return dout * dx


def grad_fixed(x, dout):
    dx = np.ones_like(x)
    dx[x < 0] = SLOPE
    return dout * dx


SPEC = dict(wrt="x", shapes={"x": (5, 3), "dout": (5, 3)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="v_leakyrelu_01")
CAUSE = "wrong-coefficient"
FIX = "The negative side's derivative is the slope of the forward, 0.2."
