"""A one-hidden-layer autoencoder with a sigmoid code, per-example squared reconstruction
error averaged over the batch, numpy: h = sigma(x W1 + b1), r = h W2 + b2,
L = (1/N) sum_n ||r_n - x_n||^2; x (N, D), W1 (D, H), b1 (H,), W2 (H, D), b2 (D,).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, b1, W2, b2):
    h = torch.sigmoid(x @ W1 + b1)
    r = h @ W2 + b2
    return ((r - x) ** 2).sum(dim=1).mean()


def grad(x, W1, b1, W2, b2):
    h = 1.0 / (1.0 + np.exp(-(x @ W1 + b1)))
    r = h @ W2 + b2
    dr = 2.0 * (r - x) / x.size  # <- wrong
    dW2 = h.T @ dr
    db2 = dr.sum(axis=0)
    dh = dr @ W2.T
    da = dh * h * (1.0 - h)
    dW1 = x.T @ da
    db1 = da.sum(axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(x, W1, b1, W2, b2):
    h = 1.0 / (1.0 + np.exp(-(x @ W1 + b1)))
    r = h @ W2 + b2
    dr = 2.0 * (r - x) / x.shape[0]
    dW2 = h.T @ dr
    db2 = dr.sum(axis=0)
    dh = dr @ W2.T
    da = dh * h * (1.0 - h)
    dW1 = x.T @ da
    db1 = da.sum(axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "D"),
                    "b2": ("D",)},
            draws={}, sizes={"N": 4, "D": 5, "H": 2})
case = derivation(loss, grad, **SPEC, name="m_autoencoder_01")
CAUSE = "mse-convention"
FIX = "The error is summed over the D features and averaged over the N examples only, so dr = 2 (r - x) / N."
