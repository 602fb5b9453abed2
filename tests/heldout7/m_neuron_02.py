"""A single sigmoid neuron on a small batch, torch: z = X w + b, y = sigma(z),
E = 1/2 sum_n (y_n - t_n)^2; X (3, 4), w (4,), b (1,), t (3,) with t in (0.1, 0.9).
"""

import torch

from verify import derivation


def loss(X, t, w, b):
    y = torch.sigmoid(X @ w + b)
    return 0.5 * ((y - t) ** 2).sum()


def grad(X, t, w, b):
    z = X @ w + b
    y = 1 / (1 + torch.exp(-z))
    dE_dy = y - t
    dy_dz = z * (1 - z)  # <- wrong
    delta = dE_dy * dy_dz
    return X.T @ delta, delta.sum().reshape(1)


def grad_fixed(X, t, w, b):
    z = X @ w + b
    y = 1 / (1 + torch.exp(-z))
    dE_dy = y - t
    dy_dz = y * (1 - y)
    delta = dE_dy * dy_dz
    return X.T @ delta, delta.sum().reshape(1)


SPEC = dict(wrt=("w", "b"),
            shapes={"X": (3, 4), "t": (3,), "w": (4,), "b": (1,)},
            draws={"t": "uniform"}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_neuron_02")
CAUSE = "activation-derivative-of-input"
FIX = "The sigmoid's derivative is written with its output: dy/dz = y (1 - y), not z (1 - z)."
