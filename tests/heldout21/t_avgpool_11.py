"""2x2 average pooling (stride 2) on a stack of feature maps, torch, explicit loops over windows.

y = avg_pool2d(x, 2), L = sum(G * y); x (2, 4, 6), G (2, 2, 3).  Gradient with respect to x.
Mistake: each window's upstream gradient is divided by the kernel side k = 2 instead of by
the k * k = 4 elements the window averages.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, G):
    return (G * F.avg_pool2d(x, 2)).sum()


def grad(x, G):
    k = 2
    dx = torch.zeros_like(x)
    for i in range(G.shape[1]):
        for j in range(G.shape[2]):
            dx[:, i * k:(i + 1) * k, j * k:(j + 1) * k] = G[:, i:i + 1, j:j + 1] / k  # <- wrong
    return dx


def grad_fixed(x, G):
    k = 2
    dx = torch.zeros_like(x)
    for i in range(G.shape[1]):
        for j in range(G.shape[2]):
            dx[:, i * k:(i + 1) * k, j * k:(j + 1) * k] = G[:, i:i + 1, j:j + 1] / (k * k)
    return dx


SPEC = dict(wrt="x", shapes={"x": (2, 4, 6), "G": (2, 2, 3)})
case = derivation(loss, grad, **SPEC, name="t_avgpool_11")
CAUSE = "wrong-divisor"
FIX = "A 2x2 window averages k * k = 4 values, so each receives G / (k * k), not G / k."
