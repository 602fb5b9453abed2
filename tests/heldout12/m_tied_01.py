"""An autoencoder with tied weights (the decoder is the encoder's transpose), torch:
h = sigma(x W), xhat = h W^T, L = 1/(2N) sum ||xhat_n - x_n||^2;
x (N, D), W (D, H), with N = 4, D = 3, H = 2.
"""

import torch

from verify import derivation


def loss(x, W):
    xhat = torch.sigmoid(x @ W) @ W.T
    return ((xhat - x) ** 2).sum() / (2 * x.shape[0])


def grad(x, W):
    N = x.shape[0]
    h = torch.sigmoid(x @ W)
    xhat = h @ W.T
    dxhat = (xhat - x) / N
    dh = dxhat @ W
    dz = dh * h * (1 - h)
    dW = dxhat.T @ h  # <- wrong
    dx = dz @ W.T - dxhat
    return dW, dx


def grad_fixed(x, W):
    N = x.shape[0]
    h = torch.sigmoid(x @ W)
    xhat = h @ W.T
    dxhat = (xhat - x) / N
    dh = dxhat @ W
    dz = dh * h * (1 - h)
    dW = dxhat.T @ h + x.T @ dz
    dx = dz @ W.T - dxhat
    return dW, dx


SPEC = dict(wrt=("W", "x"), shapes={"x": ("N", "D"), "W": ("D", "H")},
            draws={}, sizes={"N": 4, "D": 3, "H": 2})
case = derivation(loss, grad, **SPEC, name="m_tied_01")
CAUSE = "missing-term"
FIX = "W is used by the encoder as well as the decoder, so dW adds the encoder's x^T dz."
