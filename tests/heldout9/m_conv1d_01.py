"""A 1-d convolution (valid, stride 1) followed by a leaky ReLU with slope 0.2, loops in numpy:
z[n, f, i] = sum_c,k w[f, c, k] x[n, c, i + k] + b[f], y = leaky_relu(z, 0.2), L = sum(G * y);
x (N, C, L), w (F, C, K), b (F,), G (N, F, L - K + 1) with N = 2, C = 3, L = 7, F = 4, K = 3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

SLOPE = 0.2


def loss(x, w, b, G):
    return (G * F.leaky_relu(F.conv1d(x, w, b), SLOPE)).sum()


def grad(x, w, b, G):
    x, w, b, G = np.asarray(x), np.asarray(w), np.asarray(b), np.asarray(G)
    N, C, L = x.shape
    F_out, _, K = w.shape
    L_out = L - K + 1
    z = np.zeros((N, F_out, L_out), dtype=x.dtype)
    for n in range(N):
        for f in range(F_out):
            for i in range(L_out):
                z[n, f, i] = np.sum(x[n, :, i:i + K] * w[f]) + b[f]
    dz = G * np.where(z > 0, 1.0, 0.01)  # <- wrong
    dx = np.zeros_like(x)
    dw = np.zeros_like(w)
    db = dz.sum(axis=(0, 2))
    for n in range(N):
        for f in range(F_out):
            for i in range(L_out):
                dw[f] += dz[n, f, i] * x[n, :, i:i + K]
                dx[n, :, i:i + K] += dz[n, f, i] * w[f]
    return dx, dw, db


def grad_fixed(x, w, b, G):
    x, w, b, G = np.asarray(x), np.asarray(w), np.asarray(b), np.asarray(G)
    N, C, L = x.shape
    F_out, _, K = w.shape
    L_out = L - K + 1
    z = np.zeros((N, F_out, L_out), dtype=x.dtype)
    for n in range(N):
        for f in range(F_out):
            for i in range(L_out):
                z[n, f, i] = np.sum(x[n, :, i:i + K] * w[f]) + b[f]
    dz = G * np.where(z > 0, 1.0, SLOPE)
    dx = np.zeros_like(x)
    dw = np.zeros_like(w)
    db = dz.sum(axis=(0, 2))
    for n in range(N):
        for f in range(F_out):
            for i in range(L_out):
                dw[f] += dz[n, f, i] * x[n, :, i:i + K]
                dx[n, :, i:i + K] += dz[n, f, i] * w[f]
    return dx, dw, db


SPEC = dict(wrt=("x", "w", "b"),
            shapes={"x": (2, 3, 7), "w": (4, 3, 3), "b": (4,), "G": (2, 4, 5)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_conv1d_01")
CAUSE = "wrong-coefficient"
FIX = "The forward uses a negative slope of 0.2, so the backward multiplies by SLOPE = 0.2 where z <= 0, not by 0.01."
