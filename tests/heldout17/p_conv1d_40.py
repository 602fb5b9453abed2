"""1-D convolution (valid, stride 1, cross-correlation) with a tanh, numpy loops over the taps:
y[n, i] = sum_k w[k] x[n, i + k] + b, L = sum(G * tanh(y)); x (2, 8), w (3,), b (1,), G (2, 6).
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, w, b, G):
    y = F.conv1d(x[:, None, :], w[None, None, :]).squeeze(1) + b
    return (G * torch.tanh(y)).sum()


def grad(x, w, b, G):
    K = w.shape[0]
    out = x.shape[1] - K + 1
    y = np.zeros((x.shape[0], out)) + b
    for k in range(K):
        y += w[k] * x[:, k:k + out]
    dy = G * (1 - np.tanh(y) ** 2)
    dw = np.zeros(K)
    for k in range(K):
        dw[k] = np.sum(dy * x[:, :out])  # <- wrong
    db = np.array([dy.sum()])
    return dw, db


def grad_fixed(x, w, b, G):
    K = w.shape[0]
    out = x.shape[1] - K + 1
    y = np.zeros((x.shape[0], out)) + b
    for k in range(K):
        y += w[k] * x[:, k:k + out]
    dy = G * (1 - np.tanh(y) ** 2)
    dw = np.zeros(K)
    for k in range(K):
        dw[k] = np.sum(dy * x[:, k:k + out])
    db = np.array([dy.sum()])
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"x": (2, 8), "w": (3,), "b": (1,), "G": (2, 6)})
case = derivation(loss, grad, **SPEC, name="p_conv1d_40")
CAUSE = "wrong-operand"
FIX = "Tap k sees the input shifted by k: dw[k] = sum(dy * x[:, k:k + out])."
