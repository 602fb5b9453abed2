"""Two stacked 1-D convolutions ('same' padding, kernel 3) with a ReLU between, numpy:
h = relu(conv(x, w1)), out = conv(h, w2), L = 1/2 sum (out - y)^2;
x (2, 6), y (2, 6), w1 (3,), w2 (3,).
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, w1, w2, y):
    h = torch.relu(F.conv1d(x[:, None], w1.reshape(1, 1, 3), padding=1))
    out = F.conv1d(h, w2.reshape(1, 1, 3), padding=1)[:, 0]
    return 0.5 * ((out - y) ** 2).sum()


def corr(x, w):
    T = x.shape[1]
    xp = np.pad(x, ((0, 0), (1, 1)))
    return sum(w[k] * xp[:, k:k + T] for k in range(len(w)))


def kernel_grad(x, dout, size):
    T = x.shape[1]
    xp = np.pad(x, ((0, 0), (1, 1)))
    return np.array([(dout * xp[:, k:k + T]).sum() for k in range(size)])


def input_grad(dout, w):
    T = dout.shape[1]
    dxp = np.zeros((dout.shape[0], T + 2))
    for k in range(len(w)):
        dxp[:, k:k + T] += w[k] * dout
    return dxp[:, 1:-1]


def grad(x, w1, w2, y):
    x, w1, w2, y = (np.asarray(a) for a in (x, w1, w2, y))
    z = corr(x, w1)
    h = np.maximum(z, 0)
    out = corr(h, w2)
    dout = out - y
    dw2 = kernel_grad(h, dout, len(w2))
    dh = input_grad(dout, w2)
    dz = dh * (z > 0)
    dw1 = kernel_grad(x, dz, len(w1))
    return dw2, dw1  # <- wrong


def grad_fixed(x, w1, w2, y):
    x, w1, w2, y = (np.asarray(a) for a in (x, w1, w2, y))
    z = corr(x, w1)
    h = np.maximum(z, 0)
    out = corr(h, w2)
    dout = out - y
    dw2 = kernel_grad(h, dout, len(w2))
    dh = input_grad(dout, w2)
    dz = dh * (z > 0)
    dw1 = kernel_grad(x, dz, len(w1))
    return dw1, dw2


SPEC = dict(wrt=("w1", "w2"), shapes={"x": (2, 6), "w1": (3,), "w2": (3,), "y": (2, 6)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_conv_02")
CAUSE = "return-order"
FIX = "wrt is (w1, w2), so return dw1 before dw2."
