"""A 2-D convolution layer (valid, stride 1) by im2col, numpy layer class:
out[n, f] = b_f + sum_{c,i,j} W[f, c, i, j] x[n, c, . + i, . + j], checked through L = sum(dout * out);
x (5, 3, 9, 7), W (4, 3, 2, 2), b (4,), dout (5, 4, 8, 6).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, W, b, dout):
    return (dout * F.conv2d(x, W, b)).sum()


def im2col(x, kh, kw):
    N, C, H, W = x.shape
    Ho, Wo = H - kh + 1, W - kw + 1
    cols = np.empty((N, C, kh, kw, Ho, Wo), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            cols[:, :, i, j] = x[:, :, i:i + Ho, j:j + Wo]
    return cols.transpose(0, 4, 5, 1, 2, 3).reshape(N * Ho * Wo, -1)


def col2im(cols, x_shape, kh, kw):
    N, C, H, W = x_shape
    Ho, Wo = H - kh + 1, W - kw + 1
    cols = cols.reshape(N, Ho, Wo, C, kh, kw).transpose(0, 3, 4, 5, 1, 2)
    x = np.zeros(x_shape, dtype=cols.dtype)
    for i in range(kh):
        for j in range(kw):
            x[:, :, i:i + Ho, j:j + Wo] += cols[:, :, i, j]
    return x


class Conv2D:
    def __init__(self, W, b):
        self.W, self.b = W, b
        self.x_shape = self.cols = None
        self.dW = self.db = None

    def forward(self, x):
        F_, C, kh, kw = self.W.shape
        N, _, H, W = x.shape
        self.x_shape = x.shape
        self.cols = im2col(x, kh, kw)
        out = self.cols @ self.W.reshape(F_, -1).T + self.b
        return out.reshape(N, H - kh + 1, W - kw + 1, F_).transpose(0, 3, 1, 2)

    def backward(self, dout):
        F_, C, kh, kw = self.W.shape
        d = dout.transpose(0, 2, 3, 1).reshape(-1, F_)
        self.db = d.sum(axis=0)
        self.dW = (self.cols.T @ d).T.reshape(self.W.shape)
        dcols = d @ self.W.reshape(F_, -1)
        return col2im(dcols, self.x_shape, kh, kw)


def grad(x, W, b, dout):
    conv = Conv2D(W, b)
    conv.forward(x)
    dx = conv.backward(dout)
    return conv.dW, conv.db, dx  # <- wrong


def grad_fixed(x, W, b, dout):
    conv = Conv2D(W, b)
    conv.forward(x)
    dx = conv.backward(dout)
    return dx, conv.dW, conv.db


SPEC = dict(wrt=("x", "W", "b"),
            shapes={"x": (5, 3, 9, 7), "W": (4, 3, 2, 2), "b": (4,), "dout": (5, 4, 8, 6)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_conv2d_01")
CAUSE = "return-order"
FIX = "wrt is (x, W, b), so return dx, conv.dW, conv.db in that order."
