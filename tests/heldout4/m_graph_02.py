"""A sigmoid neuron as a staged computation graph (CS231n lecture example), numpy:
dot = w . x, e = exp(-dot), denom = 1 + e, f = 1 / denom; the loss is f itself;
w (3,), x (3,). Gradients of w and x.
"""

import numpy as np
import torch

from verify import derivation


def loss(w, x):
    return 1 / (1 + torch.exp(-(w @ x)))


def grad(w, x):
    dot = w @ x
    e = np.exp(-dot)
    denom = 1.0 + e
    ddenom = 1.0 / denom ** 2  # <- wrong
    de = 1.0 * ddenom
    ddot = -e * de
    return x * ddot, w * ddot


def grad_fixed(w, x):
    dot = w @ x
    e = np.exp(-dot)
    denom = 1.0 + e
    ddenom = -1.0 / denom ** 2
    de = 1.0 * ddenom
    ddot = -e * de
    return x * ddot, w * ddot


SPEC = dict(wrt=("w", "x"), numpy=True, shapes={"w": 3, "x": 3})
case = derivation(loss, grad, **SPEC, name="m_graph_02")
CAUSE = "sign"
FIX = "The reciprocal gate's local gradient is d(1/u)/du = -1/u^2."
