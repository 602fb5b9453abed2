"""An autoencoder with tied weights, torch:
h = sigma(x W), xr = h W^T, L = 1/2 sum (xr - x)^2; x (N, D), W (D, H) with N = 3, D = 4, H = 2.
"""

import torch

from verify import derivation


def loss(x, W):
    xr = torch.sigmoid(x @ W) @ W.T
    return 0.5 * ((xr - x) ** 2).sum()


def grad(x, W):
    h = torch.sigmoid(x @ W)
    xr = h @ W.T
    e = xr - x
    dW_dec = e.T @ h
    dh = e @ W
    dz = dh * h * (1 - h)
    dW = dW_dec  # <- wrong
    return dW


def grad_fixed(x, W):
    h = torch.sigmoid(x @ W)
    xr = h @ W.T
    e = xr - x
    dW_dec = e.T @ h
    dh = e @ W
    dz = dh * h * (1 - h)
    dW = dW_dec + x.T @ dz
    return dW


SPEC = dict(wrt="W", shapes={"x": ("N", "D"), "W": ("D", "H")}, draws={},
            sizes={"N": 3, "D": 4, "H": 2})
case = derivation(loss, grad, **SPEC, name="m_tied_01")
CAUSE = "missing-term"
FIX = "W is used by the encoder too, so dW adds the encoder path x^T dz."
