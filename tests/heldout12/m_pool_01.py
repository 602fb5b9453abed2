"""2x2 average pooling with stride 2 on single-channel images, checked through an upstream gradient, numpy:
y[n, i, j] = 1/4 sum_{a, b < 2} x[n, 2i + a, 2j + b], E = sum(G * y);
x (2, 4, 4), G (2, 2, 2).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

K = 2


def loss(x, G):
    return (G * F.avg_pool2d(x[:, None], K)[:, 0]).sum()


def grad(x, G):
    x, G = np.asarray(x), np.asarray(G)
    dx = np.zeros_like(x)
    for i in range(G.shape[1]):
        for j in range(G.shape[2]):
            share = G[:, i, j] / K  # <- wrong
            dx[:, K * i:K * i + K, K * j:K * j + K] += share[:, None, None]
    return dx


def grad_fixed(x, G):
    x, G = np.asarray(x), np.asarray(G)
    dx = np.zeros_like(x)
    for i in range(G.shape[1]):
        for j in range(G.shape[2]):
            share = G[:, i, j] / (K * K)
            dx[:, K * i:K * i + K, K * j:K * j + K] += share[:, None, None]
    return dx


SPEC = dict(wrt=("x",), shapes={"x": (2, 4, 4), "G": (2, 2, 2)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_pool_01")
CAUSE = "wrong-coefficient"
FIX = "Each output averages K*K inputs, so each input receives G / (K * K), not G / K."
