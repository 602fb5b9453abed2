"""A 2-d convolution (stride 1, zero padding 1) written like the course's conv_backward_naive,
numpy loops: out = conv2d(x, w, b, padding=1), L = sum(dout * out);
x (N, C, H, W), w (F, C, 3, 3), b (F,), dout (N, F, H, W) with N = 2, C = 2, H = W = 4, F = 3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

PAD = 1


def loss(x, w, b, dout):
    return (dout * F.conv2d(x, w, b, padding=PAD)).sum()


def grad(x, w, b, dout):
    x, w, dout = np.asarray(x), np.asarray(w), np.asarray(dout)
    N, C, H, W = x.shape
    F_out, _, HH, WW = w.shape
    H_out = H + 2 * PAD - HH + 1
    W_out = W + 2 * PAD - WW + 1
    x_pad = np.pad(x, ((0, 0), (0, 0), (PAD, PAD), (PAD, PAD)))
    dx_pad = np.zeros_like(x_pad)
    dw = np.zeros_like(w)
    db = dout.sum(axis=(0, 2, 3))
    for n in range(N):
        for f in range(F_out):
            for i in range(H_out):
                for j in range(W_out):
                    window = x_pad[n, :, i:i + HH, j:j + WW]
                    dw[f] += window * dout[n, f, i, j]
                    dx_pad[n, :, i:i + HH, j:j + WW] += window * dout[n, f, i, j]  # <- wrong
    dx = dx_pad[:, :, PAD:PAD + H, PAD:PAD + W]
    return dx, dw, db


def grad_fixed(x, w, b, dout):
    x, w, dout = np.asarray(x), np.asarray(w), np.asarray(dout)
    N, C, H, W = x.shape
    F_out, _, HH, WW = w.shape
    H_out = H + 2 * PAD - HH + 1
    W_out = W + 2 * PAD - WW + 1
    x_pad = np.pad(x, ((0, 0), (0, 0), (PAD, PAD), (PAD, PAD)))
    dx_pad = np.zeros_like(x_pad)
    dw = np.zeros_like(w)
    db = dout.sum(axis=(0, 2, 3))
    for n in range(N):
        for f in range(F_out):
            for i in range(H_out):
                for j in range(W_out):
                    window = x_pad[n, :, i:i + HH, j:j + WW]
                    dw[f] += window * dout[n, f, i, j]
                    dx_pad[n, :, i:i + HH, j:j + WW] += w[f] * dout[n, f, i, j]
    dx = dx_pad[:, :, PAD:PAD + H, PAD:PAD + W]
    return dx, dw, db


SPEC = dict(wrt=("x", "w", "b"),
            shapes={"x": (2, 2, 4, 4), "w": (3, 2, 3, 3), "b": (3,), "dout": (2, 3, 4, 4)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_conv2d_01")
CAUSE = "wrong-operand"
FIX = "Each output spreads its gradient back onto the input window through the filter: dx_pad[...] += w[f] * dout[n, f, i, j]."
