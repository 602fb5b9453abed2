"""Multi-output sigmoid perceptron, squared error summed over the outputs and averaged over examples:
o_nk = sigma(sum_d x_nd W_dk), L = (1/N) sum_n sum_k (o_nk - t_nk)^2; W (3, 2), X (4, 3), T (4, 2).
"""

import math

import torch

from verify import derivation


def loss(W, X, T):
    o = torch.sigmoid(X @ W)
    return ((o - T) ** 2).sum(dim=1).mean()


def grad(W, X, T):
    Wl = W.tolist()
    N, D, K = len(X), len(Wl), len(Wl[0])
    dW = [[0.0] * K for _ in range(D)]
    for x, t in zip(X.tolist(), T.tolist(), strict=True):
        for k in range(K):
            z = sum(x[d] * Wl[d][k] for d in range(D))
            o = 1.0 / (1.0 + math.exp(-z))
            delta = 2.0 * (o - t[k]) / (N * K)  # <- wrong
            for d in range(D):
                dW[d][k] += delta * o * (1.0 - o) * x[d]
    return dW


def grad_fixed(W, X, T):
    Wl = W.tolist()
    N, D, K = len(X), len(Wl), len(Wl[0])
    dW = [[0.0] * K for _ in range(D)]
    for x, t in zip(X.tolist(), T.tolist(), strict=True):
        for k in range(K):
            z = sum(x[d] * Wl[d][k] for d in range(D))
            o = 1.0 / (1.0 + math.exp(-z))
            delta = 2.0 * (o - t[k]) / N
            for d in range(D):
                dW[d][k] += delta * o * (1.0 - o) * x[d]
    return dW


SPEC = dict(wrt="W", shapes={"W": (3, 2), "X": (4, 3), "T": (4, 2)}, draws={"T": "uniform"}, sizes={})
case = derivation(loss, grad, **SPEC, name="x_perceptron_01")
CAUSE = "mse-convention"
FIX = "The loss sums over the K outputs and averages over the N examples only, so delta = 2 (o - t) / N."
