"""A SwiGLU feed-forward block, half squared error averaged over the batch, numpy:
h = (X W) * silu(X V), out = h W2, L = 1/(2N) sum ||out_n - Y_n||^2;
X (5, 4), W (4, 6), V (4, 6), W2 (6, 4), Y (5, 4).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, Y, W, V, W2):
    out = ((X @ W) * F.silu(X @ V)) @ W2
    return 0.5 * ((out - Y) ** 2).sum() / X.shape[0]


def grad(X, Y, W, V, W2):
    X, Y, W, V, W2 = (np.asarray(a) for a in (X, Y, W, V, W2))
    u = X @ W
    zv = X @ V
    s = 1 / (1 + np.exp(-zv))
    h = u * zv * s
    dout = (h @ W2 - Y) / X.shape[0]
    dW2 = h.T @ dout
    dh = dout @ W2.T
    du = dh * zv * s
    dzv = dh * u * (s + zv * s * (1 - s))
    dW = X.T @ du
    dV = X.T @ dzv
    return dV, dW, dW2  # <- wrong


def grad_fixed(X, Y, W, V, W2):
    X, Y, W, V, W2 = (np.asarray(a) for a in (X, Y, W, V, W2))
    u = X @ W
    zv = X @ V
    s = 1 / (1 + np.exp(-zv))
    h = u * zv * s
    dout = (h @ W2 - Y) / X.shape[0]
    dW2 = h.T @ dout
    dh = dout @ W2.T
    du = dh * zv * s
    dzv = dh * u * (s + zv * s * (1 - s))
    dW = X.T @ du
    dV = X.T @ dzv
    return dW, dV, dW2


SPEC = dict(wrt=("W", "V", "W2"),
            shapes={"X": (5, 4), "Y": (5, 4), "W": (4, 6), "V": (4, 6), "W2": (6, 4)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_glu_02")
CAUSE = "return-order"
FIX = "wrt is (W, V, W2): the linear branch's dW comes first, then the gate's dV."
