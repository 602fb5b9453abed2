"""Non-overlapping 1-D max pooling (window 3) of each row, pure Python:
y[n][j] = max_{k<3} x[n][3 j + k], L = sum(dout * y);
x (3, 6), dout (3, 2); the gradient dL/dx (3, 6).
"""

import torch.nn.functional as F

from verify import derivation

K = 3


def loss(x, dout):
    return (dout * F.max_pool1d(x[:, None, :], K)[:, 0, :]).sum()


def grad(x, dout):
    x, dout = x.tolist(), dout.tolist()
    dx = [[0.0] * len(row) for row in x]
    for n, row in enumerate(x):
        for j in range(len(row) // K):
            window = row[j * K:(j + 1) * K]
            best = max(range(K - 1), key=lambda k: window[k])  # <- wrong
            dx[n][j * K + best] += dout[n][j]
    return dx


def grad_fixed(x, dout):
    x, dout = x.tolist(), dout.tolist()
    dx = [[0.0] * len(row) for row in x]
    for n, row in enumerate(x):
        for j in range(len(row) // K):
            window = row[j * K:(j + 1) * K]
            best = max(range(K), key=lambda k: window[k])
            dx[n][j * K + best] += dout[n][j]
    return dx


SPEC = dict(wrt="x", shapes={"x": (3, 6), "dout": (3, 2)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_maxpool_01")
CAUSE = "mask"
FIX = "The arg max runs over the whole window, range(K), so the last element can win too."
