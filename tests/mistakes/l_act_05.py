"""A leaky ReLU layer in numpy, slope 0.1 below zero, checked through L = sum(dout * out).

x (N, D), out = x if x > 0 else 0.1 x, dout (N, D) the upstream gradient.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

ALPHA = 0.1


def loss(x, dout):
    return (dout * F.leaky_relu(x, negative_slope=ALPHA)).sum()


def grad(x, dout):
    positive = x > 0
    out = np.where(positive, x, ALPHA * x)
    dx = np.where(positive, dout, 0.0)  # <- wrong
    return dx.astype(out.dtype)


def grad_fixed(x, dout):
    positive = x > 0
    out = np.where(positive, x, ALPHA * x)
    dx = np.where(positive, dout, ALPHA * dout)
    return dx.astype(out.dtype)


SPEC = dict(wrt="x", shapes={"x": (3, 4), "dout": (3, 4)})
case = derivation(loss, grad, **SPEC, name="l_act_05")
CAUSE = "mask"
FIX = "Pass ALPHA * dout where x <= 0, not 0."
