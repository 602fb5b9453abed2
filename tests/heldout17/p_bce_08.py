"""Logistic unit with a summed binary cross-entropy, plain Python loops:
p_n = sigmoid(w . x_n), L = sum_n BCE(p_n, t_n) (reduction='sum'); X (4, 3), w (3,), t (4,).
"""

import math

import torch.nn.functional as F

from verify import derivation


def loss(X, w, t):
    return F.binary_cross_entropy_with_logits(X @ w, t, reduction="sum")


def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def grad(X, w, t):
    rows = [[float(v) for v in row] for row in X]
    targets = [float(v) for v in t]
    weights = [float(v) for v in w]
    g = [0.0] * len(weights)
    for xs, tn in zip(rows, targets):
        p = sigmoid(sum(a * b for a, b in zip(weights, xs)))
        for j in range(len(g)):
            g[j] += (p - tn) * xs[j]
    return [gj / len(rows) for gj in g]  # <- wrong


def grad_fixed(X, w, t):
    rows = [[float(v) for v in row] for row in X]
    targets = [float(v) for v in t]
    weights = [float(v) for v in w]
    g = [0.0] * len(weights)
    for xs, tn in zip(rows, targets):
        p = sigmoid(sum(a * b for a, b in zip(weights, xs)))
        for j in range(len(g)):
            g[j] += (p - tn) * xs[j]
    return g


SPEC = dict(wrt="w", shapes={"X": (4, 3), "w": (3,), "t": (4,)}, draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="p_bce_08")
CAUSE = "batch-mean"
FIX = "With reduction='sum' there is no 1/N: return the accumulated g as it is."
