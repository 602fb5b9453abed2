"""A 2-D convolution (stride 1, zero padding 1) with the naive backward loops of a course's
conv_backward_naive, numpy; loss = sum(dout * conv2d(x, w, b));
x (3, 3, 6, 5), w (4, 3, 3, 3), b (4,), dout (3, 4, 6, 5).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

PAD = 1


def loss(x, w, b, dout):
    return (dout * F.conv2d(x, w, b, stride=1, padding=PAD)).sum()


def grad(x, w, b, dout):
    N, C, H, W = x.shape
    Fn, _, HH, WW = w.shape
    Ho, Wo = dout.shape[2], dout.shape[3]
    x_pad = np.pad(x, ((0, 0), (0, 0), (PAD, PAD), (PAD, PAD)))
    dx_pad = np.zeros_like(x_pad)
    dw = np.zeros_like(w)
    db = dout.sum(axis=(0, 2, 3))
    for n in range(N):
        for f in range(Fn):
            for i in range(Ho):
                for j in range(Wo):
                    window = x_pad[n, :, i:i + HH, j:j + WW]
                    dw[f] += window * dout[n, f, i, j]
                    dx_pad[n, :, i:i + HH, j:j + WW] += dw[f] * dout[n, f, i, j]  # <- wrong
    dx = dx_pad[:, :, PAD:PAD + H, PAD:PAD + W]
    return dx, dw, db


def grad_fixed(x, w, b, dout):
    N, C, H, W = x.shape
    Fn, _, HH, WW = w.shape
    Ho, Wo = dout.shape[2], dout.shape[3]
    x_pad = np.pad(x, ((0, 0), (0, 0), (PAD, PAD), (PAD, PAD)))
    dx_pad = np.zeros_like(x_pad)
    dw = np.zeros_like(w)
    db = dout.sum(axis=(0, 2, 3))
    for n in range(N):
        for f in range(Fn):
            for i in range(Ho):
                for j in range(Wo):
                    window = x_pad[n, :, i:i + HH, j:j + WW]
                    dw[f] += window * dout[n, f, i, j]
                    dx_pad[n, :, i:i + HH, j:j + WW] += w[f] * dout[n, f, i, j]
    dx = dx_pad[:, :, PAD:PAD + H, PAD:PAD + W]
    return dx, dw, db


SPEC = dict(numpy=True, wrt=("x", "w", "b"),
            shapes={"x": (3, 3, 6, 5), "w": (4, 3, 3, 3), "b": (4,), "dout": (3, 4, 6, 5)})
case = derivation(loss, grad, **SPEC, name="m_conv_01")
CAUSE = "wrong-operand"
FIX = "The input gradient scatters the filter weights w[f], not the running filter gradient dw[f]."
