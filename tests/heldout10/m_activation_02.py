"""A softplus hidden layer with a scalar read-out and a 1/2 sum-of-squares loss, numpy:
h = softplus(x W), out = h v, L = 1/2 sum (out - y)^2;
x (N, D), W (D, H), v (H,), y (N,) with N = 6, D = 3, H = 5.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, y, W, v):
    return 0.5 * ((F.softplus(x @ W) @ v - y) ** 2).sum()


def grad(x, y, W, v):
    x, y, W, v = map(np.asarray, (x, y, W, v))
    z = x @ W
    h = np.logaddexp(0, z)
    out = h @ v
    dout = out - y
    dv = h.T @ dout
    dh = np.outer(dout, v)
    dz = dh / (1 + np.exp(-h))  # <- wrong
    dW = x.T @ dz
    return dW, dv


def grad_fixed(x, y, W, v):
    x, y, W, v = map(np.asarray, (x, y, W, v))
    z = x @ W
    h = np.logaddexp(0, z)
    out = h @ v
    dout = out - y
    dv = h.T @ dout
    dh = np.outer(dout, v)
    dz = dh / (1 + np.exp(-z))
    dW = x.T @ dz
    return dW, dv


SPEC = dict(wrt=("W", "v"),
            shapes={"x": ("N", "D"), "y": ("N",), "W": ("D", "H"), "v": ("H",)},
            draws={}, sizes={"N": 6, "D": 3, "H": 5})
case = derivation(loss, grad, **SPEC, name="m_activation_02")
CAUSE = "activation-derivative-of-input"
FIX = "softplus'(z) = sigma(z) of the pre-activation z, not sigma of the output h."
