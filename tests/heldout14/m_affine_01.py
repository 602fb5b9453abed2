"""An affine layer fitted with torch's mean squared error, torch:
y = x W + b, L = mse_loss(y, t) = mean over all N K entries of (y - t)^2;
x (N, D), W (D, K), b (K,), t (N, K).
"""

import torch.nn.functional as F

from verify import derivation


def loss(x, W, b, t):
    return F.mse_loss(x @ W + b, t)


def grad(x, W, b, t):
    N = x.shape[0]
    y = x @ W + b
    dy = 2 * (y - t) / N  # <- wrong
    dW = x.T @ dy
    db = dy.sum(0)
    return dW, db


def grad_fixed(x, W, b, t):
    N = x.shape[0]
    y = x @ W + b
    dy = 2 * (y - t) / y.numel()
    dW = x.T @ dy
    db = dy.sum(0)
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"x": ("N", "D"), "W": ("D", "K"), "b": ("K",), "t": ("N", "K")},
            draws={}, sizes={"N": 4, "D": 3, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_affine_01")
CAUSE = "mse-convention"
FIX = "mse_loss averages over every element, so dy = 2 (y - t) / (N K)."
