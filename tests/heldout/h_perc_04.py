"""A layer of K sigmoid perceptrons trained one example at a time with the delta rule:
E = 1/2 sum_n ||sigma(W x_n) - t_n||^2;
x (N, D), W (K, D), t (N, K) targets in [0, 1].
"""

import numpy as np
import torch

from verify import derivation


def loss(W, x, t):
    """E = 1/2 sum_n sum_k (sigma(W x_n)_k - t_nk)^2."""
    o = torch.sigmoid(x @ W.T)
    return 0.5 * ((o - t) ** 2).sum()


def grad(W, x, t):
    dW = np.zeros_like(W)
    for xn, tn in zip(x, t):
        o = 1.0 / (1.0 + np.exp(-(W @ xn)))
        delta = (o - tn)  # <- wrong
        dW += np.outer(delta, xn)
    return dW


def grad_fixed(W, x, t):
    dW = np.zeros_like(W)
    for xn, tn in zip(x, t):
        o = 1.0 / (1.0 + np.exp(-(W @ xn)))
        delta = (o - tn) * o * (1.0 - o)
        dW += np.outer(delta, xn)
    return dW


SPEC = dict(wrt="W", shapes={"W": (3, 5), "x": (6, 5), "t": (6, 3)}, draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="h_perc_04")
CAUSE = "activation-derivative-missing"
FIX = "The delta of a sigmoid unit is (o - t) o (1 - o): multiply by the sigmoid's derivative."
