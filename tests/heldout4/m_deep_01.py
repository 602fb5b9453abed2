"""A deep sigmoid network in the column-vector convention of the course, torch, one
example: a^(l) = sigma(W^(l) a^(l-1)), E = 1/2 ||a^(3) - y||^2, written out layer by layer;
x (5, 1), W1 (4, 5), W2 (4, 4), W3 (3, 4), y (3, 1). Gradients of W1, W2, W3.
"""

import torch

from verify import derivation


def loss(x, W1, W2, W3, y):
    a1 = torch.sigmoid(W1 @ x)
    a2 = torch.sigmoid(W2 @ a1)
    a3 = torch.sigmoid(W3 @ a2)
    return 0.5 * ((a3 - y) ** 2).sum()


def grad(x, W1, W2, W3, y):
    a1 = torch.sigmoid(W1 @ x)
    a2 = torch.sigmoid(W2 @ a1)
    a3 = torch.sigmoid(W3 @ a2)
    delta3 = (a3 - y) * a3 * (1 - a3)
    delta2 = (W3.T @ delta3) * a2 * (1 - a2)
    delta1 = (W2 @ delta2) * a1 * (1 - a1)  # <- wrong
    return delta1 @ x.T, delta2 @ a1.T, delta3 @ a2.T


def grad_fixed(x, W1, W2, W3, y):
    a1 = torch.sigmoid(W1 @ x)
    a2 = torch.sigmoid(W2 @ a1)
    a3 = torch.sigmoid(W3 @ a2)
    delta3 = (a3 - y) * a3 * (1 - a3)
    delta2 = (W3.T @ delta3) * a2 * (1 - a2)
    delta1 = (W2.T @ delta2) * a1 * (1 - a1)
    return delta1 @ x.T, delta2 @ a1.T, delta3 @ a2.T


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"x": (5, 1), "W1": (4, 5), "W2": (4, 4), "W3": (3, 4), "y": (3, 1)},
            draws={"y": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_deep_01")
CAUSE = "transpose"
FIX = "The delta recursion multiplies by the transposed weights: delta1 = (W2^T delta2) * a1 (1 - a1)."
