"""A k x k average-pooling layer (stride k), numpy layer class with a cached input shape:
out[n, c, i, j] = mean of x[n, c, ik:(i+1)k, jk:(j+1)k], checked through L = sum(dout * out);
x (N, C, H, W), dout (N, C, H/k, W/k) with N = 3, C = 5, H = 6, W = 12, k = 3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

K = 3


def loss(x, dout):
    return (dout * F.avg_pool2d(x, K)).sum()


class AvgPool:
    def __init__(self, k):
        self.k = k
        self.x_shape = None

    def forward(self, x):
        self.x_shape = x.shape
        N, C, H, W = x.shape
        k = self.k
        return x.reshape(N, C, H // k, k, W // k, k).mean(axis=(3, 5))

    def backward(self, dout):
        N, C, H, W = self.x_shape
        k = self.k
        dx = np.zeros(self.x_shape, dtype=dout.dtype)
        for i in range(H // k):
            for j in range(W // k):
                dx[:, :, i * k:(i + 1) * k, j * k:(j + 1) * k] = dout[:, :, i:i + 1, j:j + 1] / k  # <- wrong
        return dx


class AvgPoolFixed(AvgPool):
    def backward(self, dout):
        N, C, H, W = self.x_shape
        k = self.k
        dx = np.zeros(self.x_shape, dtype=dout.dtype)
        for i in range(H // k):
            for j in range(W // k):
                dx[:, :, i * k:(i + 1) * k, j * k:(j + 1) * k] = dout[:, :, i:i + 1, j:j + 1] / (k * k)
        return dx


def grad(x, dout):
    pool = AvgPool(K)
    pool.forward(x)
    return pool.backward(dout)


def grad_fixed(x, dout):
    pool = AvgPoolFixed(K)
    pool.forward(x)
    return pool.backward(dout)


SPEC = dict(wrt="x",
            shapes={"x": (3, 5, 6, 12), "dout": (3, 5, 2, 4)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_avgpool_01")
CAUSE = "wrong-divisor"
FIX = "Each output averages k * k inputs, so each input gets dout / (k * k), not dout / k."
