"""A 1-D convolution (cross-correlation, stride 1, no padding) with a bias, torch:
y_i = sum_k w_k x_{i+k} + b, L = sum_i g_i y_i; x (7,), w (3,), b (1,), g (5,).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, w, b, g):
    y = F.conv1d(x.view(1, 1, -1), w.view(1, 1, -1), b).view(-1)
    return (g * y).sum()


def grad(x, w, b, g):
    K = w.shape[0]
    L = g.shape[0]
    dx = torch.zeros_like(x)
    dw = torch.zeros_like(w)
    for k in range(K):
        dw[k] = (g * x[k:k + L]).sum()
        dx[k:k + L] += g * w[k]
    db = g.sum().reshape(1)
    return dw, dx, db  # <- wrong


def grad_fixed(x, w, b, g):
    K = w.shape[0]
    L = g.shape[0]
    dx = torch.zeros_like(x)
    dw = torch.zeros_like(w)
    for k in range(K):
        dw[k] = (g * x[k:k + L]).sum()
        dx[k:k + L] += g * w[k]
    db = g.sum().reshape(1)
    return dx, dw, db


SPEC = dict(wrt=("x", "w", "b"), shapes={"x": (7,), "w": (3,), "b": (1,), "g": (5,)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_conv_01")
CAUSE = "return-order"
FIX = "Return the gradients in the order of wrt, dx first, then dw and db."
