"""A tanh layer after an affine map, in numpy, checked through L = sum(dout * h).

x (N, D) drawn N(0, 0.5^2) to keep tanh off its flat tails, W (D, M), h = tanh(x W),
dout (N, M) the upstream gradient.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W, dout):
    return (dout * torch.tanh(x @ W)).sum()


def grad(x, W, dout):
    z = np.dot(x, W)
    h = np.tanh(z)
    dz = dout * (1 - h)  # <- wrong
    dW = np.dot(x.T, dz)
    return dW


def grad_fixed(x, W, dout):
    z = np.dot(x, W)
    h = np.tanh(z)
    dz = dout * (1 - h**2)
    dW = np.dot(x.T, dz)
    return dW


SPEC = dict(wrt="W", shapes={"x": (4, 3), "W": (3, 2), "dout": (4, 2)},
            draws={"x": ("normal", 0.5)})
case = derivation(loss, grad, **SPEC, name="l_act_03")
CAUSE = "activation-derivative-of-input"
FIX = "Use tanh' = 1 - h**2, not 1 - h."
