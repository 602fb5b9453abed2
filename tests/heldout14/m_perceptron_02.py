"""A multi-output sigmoid perceptron trained on the mean squared error over all outputs,
pure Python: o_nk = sigma(sum_i X_ni W_ik), L = mean_{n,k} (o_nk - T_nk)^2;
W (3, 2), X (4, 3), T (4, 2).
"""

import math

import torch

from verify import derivation


def loss(W, X, T):
    O = torch.sigmoid(X @ W)
    return ((O - T) ** 2).mean()


def grad(W, X, T):
    Wl, Xl, Tl = W.tolist(), X.tolist(), T.tolist()
    n, d, k = len(Xl), len(Wl), len(Wl[0])
    dW = [[0.0] * k for _ in range(d)]
    for x, t in zip(Xl, Tl):
        for j in range(k):
            net = sum(x[i] * Wl[i][j] for i in range(d))
            o = 1.0 / (1.0 + math.exp(-net))
            delta = 2.0 * (o - t[j]) * o * (1.0 - o) / n  # <- wrong
            for i in range(d):
                dW[i][j] += delta * x[i]
    return dW


def grad_fixed(W, X, T):
    Wl, Xl, Tl = W.tolist(), X.tolist(), T.tolist()
    n, d, k = len(Xl), len(Wl), len(Wl[0])
    dW = [[0.0] * k for _ in range(d)]
    for x, t in zip(Xl, Tl):
        for j in range(k):
            net = sum(x[i] * Wl[i][j] for i in range(d))
            o = 1.0 / (1.0 + math.exp(-net))
            delta = 2.0 * (o - t[j]) * o * (1.0 - o) / (n * k)
            for i in range(d):
                dW[i][j] += delta * x[i]
    return dW


SPEC = dict(wrt="W", shapes={"W": (3, 2), "X": (4, 3), "T": (4, 2)},
            draws={"X": "uniform", "T": "uniform"}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_perceptron_02")
CAUSE = "mse-convention"
FIX = "The mean runs over all n k outputs, so delta carries 1 / (n k), not 1 / n."
