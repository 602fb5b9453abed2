"""Poisson regression with a log link, pure Python loops:
L = 1/N sum_i (exp(w . x_i) - y_i w . x_i) (the negative log-likelihood without log y!);
X is N = 6 rows of D = 3 numbers, y (N,) positive counts, w a row vector (1, D).
"""

import math

import torch

from verify import derivation


def loss(X, y, w):
    eta = X @ w[0]
    return (torch.exp(eta) - y * eta).mean()


def grad(X, y, w):
    N, D = len(X), len(w[0])
    dw = [0.0] * D
    for i in range(N):
        eta = sum(float(X[i][j]) * float(w[0][j]) for j in range(D))
        r = math.exp(eta) - float(y[i])
        for j in range(D):
            dw[j] += r * float(X[i][j])
    return [dw]  # <- wrong


def grad_fixed(X, y, w):
    N, D = len(X), len(w[0])
    dw = [0.0] * D
    for i in range(N):
        eta = sum(float(X[i][j]) * float(w[0][j]) for j in range(D))
        r = math.exp(eta) - float(y[i])
        for j in range(D):
            dw[j] += r * float(X[i][j])
    return [[g / N for g in dw]]


SPEC = dict(wrt="w", shapes={"X": (6, 3), "y": (6,), "w": (1, 3)},
            draws={"X": ("normal", 0.3), "w": ("normal", 0.3), "y": ("positive", 2.0, 0.0)},
            sizes={})
case = derivation(loss, grad, **SPEC, name="m_poisson_01")
CAUSE = "batch-mean"
FIX = "The loss is a mean over the N examples, so every accumulated dw[j] is divided by N."
