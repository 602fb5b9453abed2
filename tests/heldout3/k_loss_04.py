"""Linear regression trained with torch's F.mse_loss (mean over all N*K entries, no 1/2), gradient
written without autograd: y = x W + b, L = mean (y - t)^2;
x (N, D) = (6, 3), W (3, 2), b (2,), t (6, 2).
"""

import torch.nn.functional as F

from verify import derivation


def loss(x, W, b, t):
    return F.mse_loss(x @ W + b, t)


def grad(x, W, b, t):
    y = x @ W + b
    count = y.shape[0] * y.shape[1]
    dy = (y - t) / count  # <- wrong
    dW = x.T @ dy
    db = dy.sum(dim=0)
    return dW, db


def grad_fixed(x, W, b, t):
    y = x @ W + b
    count = y.shape[0] * y.shape[1]
    dy = 2 * (y - t) / count
    dW = x.T @ dy
    db = dy.sum(dim=0)
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"x": ("N", "D"), "W": ("D", "K"), "b": ("K",), "t": ("N", "K")},
            sizes={"N": 6, "D": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="k_loss_04")
CAUSE = "mse-convention"
FIX = "F.mse_loss has no 1/2 in front, so dL/dy = 2 (y - t) / count."
