"""A multi-output sigmoid perceptron with the textbook error E = 1/2 sum (o - t)^2, numpy:
o = sigma(x W), E summed over the N patterns and K outputs;
x (N, D), W (D, K), t (N, K) with N = 4, D = 5, K = 3.
"""

import numpy as np
import torch

from verify import derivation


def loss(W, x, t):
    return 0.5 * ((torch.sigmoid(x @ W) - t) ** 2).sum()


def grad(W, x, t):
    W, x, t = np.asarray(W), np.asarray(x), np.asarray(t)
    o = 1.0 / (1.0 + np.exp(-(x @ W)))
    dE_do = 2 * (o - t) / o.size  # <- wrong
    delta = dE_do * o * (1 - o)
    return x.T @ delta


def grad_fixed(W, x, t):
    W, x, t = np.asarray(W), np.asarray(x), np.asarray(t)
    o = 1.0 / (1.0 + np.exp(-(x @ W)))
    dE_do = o - t
    delta = dE_do * o * (1 - o)
    return x.T @ delta


SPEC = dict(wrt="W", shapes={"W": ("D", "K"), "x": ("N", "D"), "t": ("N", "K")},
            draws={"t": "uniform"}, sizes={"N": 4, "D": 5, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_perceptron_02")
CAUSE = "mse-convention"
FIX = "E = 1/2 sum (o - t)^2 has no mean and its 1/2 cancels the 2: dE/do = o - t."
