"""A single sigmoid neuron with PyTorch's mean squared error, torch:
o = sigma(X w + b), L = F.mse_loss(o, t) = 1/N sum_n (o_n - t_n)^2;
X (N, D), t (N,) in (0, 1), w (D,), b (1,) with N = 5, D = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, t, w, b):
    return F.mse_loss(torch.sigmoid(X @ w + b), t)


def grad(X, t, w, b):
    z = X @ w + b
    o = torch.sigmoid(z)
    do = o - t  # <- wrong
    dz = do * o * (1 - o)
    dw = X.T @ dz
    db = dz.sum().reshape(1)
    return dw, db


def grad_fixed(X, t, w, b):
    z = X @ w + b
    o = torch.sigmoid(z)
    do = 2 * (o - t) / o.numel()
    dz = do * o * (1 - o)
    dw = X.T @ dz
    db = dz.sum().reshape(1)
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "t": ("N",), "w": ("D",), "b": (1,)},
            draws={"t": "uniform"}, sizes={"N": 5, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_neuron_01")
CAUSE = "mse-convention"
FIX = "F.mse_loss is the mean of the squares with no 1/2, so dL/do = 2 (o - t) / N."
