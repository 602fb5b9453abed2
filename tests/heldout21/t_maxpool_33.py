"""1-d max pooling (window 2, stride 2) over rows, pure Python lists.

y[n][j] = max(x[n][2j], x[n][2j+1]), L = sum(G * y); x (2, 6), G (2, 3).
Gradient with respect to x.
Mistake: the comparison that routes the gradient is the wrong way round (a < b sends it
to a), so it lands on the smaller element of each window.
"""

import torch.nn.functional as F

from verify import derivation


def loss(x, G):
    return (G * F.max_pool1d(x[:, None, :], 2)[:, 0, :]).sum()


def grad(x, G):
    dx = [[0.0] * len(row) for row in x]
    for n, row in enumerate(x):
        for j in range(len(row) // 2):
            a, b = row[2 * j], row[2 * j + 1]
            if a < b:  # <- wrong
                dx[n][2 * j] = G[n][j]
            else:
                dx[n][2 * j + 1] = G[n][j]
    return dx


def grad_fixed(x, G):
    dx = [[0.0] * len(row) for row in x]
    for n, row in enumerate(x):
        for j in range(len(row) // 2):
            a, b = row[2 * j], row[2 * j + 1]
            if a > b:
                dx[n][2 * j] = G[n][j]
            else:
                dx[n][2 * j + 1] = G[n][j]
    return dx


SPEC = dict(wrt="x", shapes={"x": (2, 6), "G": (2, 3)})
case = derivation(loss, grad, **SPEC, name="t_maxpool_33")
CAUSE = "mask"
FIX = "The gradient goes to the window's maximum, so x[2j] receives it when a > b."
