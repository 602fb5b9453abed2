"""Two-layer sigmoid network in the column convention, a batch of N column vectors:
h = sigma(W1 x + b1), y = W2 h + b2, L = 1/2 sum (y - t)^2; x (D, N), W1 (H, D), b1 (H, 1),
W2 (K, H), b2 (K, 1), t (K, N).
"""

import torch

from verify import derivation


def loss(W1, b1, W2, b2, x, t):
    h = torch.sigmoid(W1 @ x + b1)
    return 0.5 * ((W2 @ h + b2 - t) ** 2).sum()


def grad(W1, b1, W2, b2, x, t):
    h = torch.sigmoid(W1 @ x + b1)
    y = W2 @ h + b2
    dy = y - t
    dW2 = dy @ x.T  # <- wrong
    db2 = dy.sum(dim=1, keepdim=True)
    dz = (W2.T @ dy) * h * (1 - h)
    dW1 = dz @ x.T
    db1 = dz.sum(dim=1, keepdim=True)
    return dW1, db1, dW2, db2


def grad_fixed(W1, b1, W2, b2, x, t):
    h = torch.sigmoid(W1 @ x + b1)
    y = W2 @ h + b2
    dy = y - t
    dW2 = dy @ h.T
    db2 = dy.sum(dim=1, keepdim=True)
    dz = (W2.T @ dy) * h * (1 - h)
    dW1 = dz @ x.T
    db1 = dz.sum(dim=1, keepdim=True)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"W1": ("H", "D"), "b1": ("H", 1), "W2": ("K", "H"), "b2": ("K", 1), "x": ("D", "N"),
                    "t": ("K", "N")},
            draws={}, sizes={"N": 3, "D": 4, "H": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="x_mlp_05")
CAUSE = "wrong-operand"
FIX = "The second layer's input is h, so dW2 = dy h^T."
