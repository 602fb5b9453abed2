"""Two-layer sigmoid regression net in torch without autograd, trained with
F.mse_loss(..., reduction="sum"): L = sum (y - t)^2 (no 1/2 in front);
a1 = sigma(x W1), y = a1 W2; x (N, D) = (4, 6), W1 (6, 3), W2 (3, 2), t (4, 2).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W1, W2, t):
    y = torch.sigmoid(x @ W1) @ W2
    return F.mse_loss(y, t, reduction="sum")


def grad(x, W1, W2, t):
    a1 = torch.sigmoid(x @ W1)
    y = a1 @ W2
    dy = y - t  # <- wrong
    dW2 = a1.T @ dy
    da1 = dy @ W2.T
    dz1 = da1 * a1 * (1 - a1)
    dW1 = x.T @ dz1
    return dW1, dW2


def grad_fixed(x, W1, W2, t):
    a1 = torch.sigmoid(x @ W1)
    y = a1 @ W2
    dy = 2 * (y - t)
    dW2 = a1.T @ dy
    da1 = dy @ W2.T
    dz1 = da1 * a1 * (1 - a1)
    dW1 = x.T @ dz1
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "K"), "t": ("N", "K")},
            sizes={"N": 4, "D": 6, "H": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="k_mlp_04")
CAUSE = "mse-convention"
FIX = "Without the 1/2 convention, d/dy of sum (y - t)^2 is 2 * (y - t)."
