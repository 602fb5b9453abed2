"""An affine layer fitted with PyTorch's mean squared error over every output, torch:
y = x W + b, L = F.mse_loss(y, t) = 1/(N M) sum_{n,m} (y_nm - t_nm)^2;
x (N, D), W (D, M), b (M,), t (N, M) with N = 4, D = 3, M = 3.
"""

import torch.nn.functional as F

from verify import derivation


def loss(x, W, b, t):
    return F.mse_loss(x @ W + b, t)


def grad(x, W, b, t):
    N = x.shape[0]
    y = x @ W + b
    dy = (y - t) / N  # <- wrong
    dW = x.T @ dy
    db = dy.sum(dim=0)
    return dW, db


def grad_fixed(x, W, b, t):
    N = x.shape[0]
    y = x @ W + b
    dy = 2 * (y - t) / y.numel()
    dW = x.T @ dy
    db = dy.sum(dim=0)
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"x": ("N", "D"), "W": ("D", "M"), "b": ("M",), "t": ("N", "M")},
            draws={}, sizes={"N": 4, "D": 3, "M": 3})
case = derivation(loss, grad, **SPEC, name="m_affine_01")
CAUSE = "mse-convention"
FIX = "mse_loss averages the plain squares over all N * M entries: dy = 2 (y - t) / (N M)."
