"""2x2 max pooling with stride 2 as a numpy layer class with loops, L = sum(G * maxpool(x));
x (3, 4, 6, 8) as (N, C, H, W), G (3, 4, 3, 4).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


class MaxPool:
    def forward(self, x):
        self.x = x
        N, C, H, W = x.shape
        out = np.zeros((N, C, H // 2, W // 2), dtype=x.dtype)
        for i in range(H // 2):
            for j in range(W // 2):
                out[:, :, i, j] = x[:, :, 2 * i:2 * i + 2, 2 * j:2 * j + 2].max(axis=(2, 3))
        return out

    def backward(self, dout):
        N, C, H, W = self.x.shape
        dx = np.zeros_like(self.x)
        for i in range(H // 2):
            for j in range(W // 2):
                window = self.x[:, :, 2 * i:2 * i + 2, 2 * j:2 * j + 2].reshape(N, C, 4)
                a, b = np.divmod(window.argmax(axis=2), 2)
                for n in range(N):
                    for c in range(C):
                        dx[n, c, 2 * i + b[n, c], 2 * j + a[n, c]] += dout[n, c, i, j]  # <- wrong
        return dx


class MaxPoolFixed(MaxPool):
    def backward(self, dout):
        N, C, H, W = self.x.shape
        dx = np.zeros_like(self.x)
        for i in range(H // 2):
            for j in range(W // 2):
                window = self.x[:, :, 2 * i:2 * i + 2, 2 * j:2 * j + 2].reshape(N, C, 4)
                a, b = np.divmod(window.argmax(axis=2), 2)
                for n in range(N):
                    for c in range(C):
                        dx[n, c, 2 * i + a[n, c], 2 * j + b[n, c]] += dout[n, c, i, j]
        return dx


def loss(x, G):
    return (G * F.max_pool2d(x, 2)).sum()


def grad(x, G):
    pool = MaxPool()
    pool.forward(x)
    return pool.backward(G)


def grad_fixed(x, G):
    pool = MaxPoolFixed()
    pool.forward(x)
    return pool.backward(G)


SPEC = dict(wrt="x", shapes={"x": (3, 4, 6, 8), "G": (3, 4, 3, 4)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_pool_02")
CAUSE = "mask"
FIX = "argmax of a flattened 2x2 window gives (row, column) = divmod(idx, 2), so the row is a."
