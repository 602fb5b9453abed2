"""Single-channel 2-d convolution (valid cross-correlation), numpy loops over kernel taps.

y[r, c] = sum_{i,j} w[i, j] x[r + i, c + j], L = sum(G * y); x (5, 6), w (3, 3), G (3, 4).
Gradients with respect to x and w.
Mistake: the tap (i, j) is stored into dw[j, i], so dw comes out transposed; the kernel is
square, so the shape hides it.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, w, G):
    return (G * F.conv2d(x[None, None], w[None, None])[0, 0]).sum()


def conv2d_backward(dout, x, w):
    kh, kw = w.shape
    Ho, Wo = dout.shape
    dx = np.zeros_like(x)
    dw = np.zeros_like(w)
    for i in range(kh):
        for j in range(kw):
            dw[j, i] = np.sum(dout * x[i:i + Ho, j:j + Wo])  # <- wrong
            dx[i:i + Ho, j:j + Wo] += dout * w[i, j]
    return dx, dw


def conv2d_backward_fixed(dout, x, w):
    kh, kw = w.shape
    Ho, Wo = dout.shape
    dx = np.zeros_like(x)
    dw = np.zeros_like(w)
    for i in range(kh):
        for j in range(kw):
            dw[i, j] = np.sum(dout * x[i:i + Ho, j:j + Wo])
            dx[i:i + Ho, j:j + Wo] += dout * w[i, j]
    return dx, dw


def grad(x, w, G):
    dx, dw = conv2d_backward(G, x, w)
    return dx, dw


def grad_fixed(x, w, G):
    dx, dw = conv2d_backward_fixed(G, x, w)
    return dx, dw


SPEC = dict(wrt=("x", "w"), shapes={"x": (5, 6), "w": (3, 3), "G": (3, 4)})
case = derivation(loss, grad, **SPEC, name="t_conv2d_17")
CAUSE = "transpose"
FIX = "The tap w[i, j] reads the window shifted by (i, j), so its gradient goes to dw[i, j], not dw[j, i]."
