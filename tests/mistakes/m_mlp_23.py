"""Tied-weight autoencoder: one weight matrix W encodes and, transposed, decodes:
E = 1/2 sum_n sum_d (y_nd - x_nd)^2, h = sigma(x W), y = h W^T; x (4, 3), W (3, 2).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W):
    """E = 1/2 ||y - x||^2 with y = sigma(x W) W^T: W is used twice."""
    y = torch.sigmoid(x @ W) @ W.T
    return 0.5 * ((y - x) ** 2).sum()


def grad(x, W):
    z = np.dot(x, W)
    h = 1 / (1 + np.exp(-z))
    y = np.dot(h, W.T)
    dy = y - x
    dh = np.dot(dy, W)
    dz = dh * h * (1 - h)
    dW = np.dot(x.T, dz)  # <- wrong
    return dW


def grad_fixed(x, W):
    z = np.dot(x, W)
    h = 1 / (1 + np.exp(-z))
    y = np.dot(h, W.T)
    dy = y - x
    dh = np.dot(dy, W)
    dz = dh * h * (1 - h)
    dW = np.dot(x.T, dz) + np.dot(dy.T, h)
    return dW


SPEC = dict(wrt="W", shapes={"x": (4, 3), "W": (3, 2)}, draws={"W": ("normal", 0.5)})
case = derivation(loss, grad, **SPEC, name="m_mlp_23")
CAUSE = "missing-term"
FIX = "W is used twice, as encoder and decoder: add the decoder path dy^T h to dW."
