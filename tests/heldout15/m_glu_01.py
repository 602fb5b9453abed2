"""A gated linear unit fitted with torch's mean squared error, torch:
y = (x W + b) * sigma(x V + c), L = mse_loss(y, t);
x (N, D), W (D, K), V (D, K), b (K,), c (K,), t (N, K).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W, V, b, c, t):
    return F.mse_loss((x @ W + b) * torch.sigmoid(x @ V + c), t)


def grad(x, W, V, b, c, t):
    a = x @ W + b
    g = torch.sigmoid(x @ V + c)
    y = a * g
    dy = (y - t) / y.numel()  # <- wrong
    da = dy * g
    dzg = dy * a * g * (1 - g)
    return x.T @ da, x.T @ dzg


def grad_fixed(x, W, V, b, c, t):
    a = x @ W + b
    g = torch.sigmoid(x @ V + c)
    y = a * g
    dy = 2 * (y - t) / y.numel()
    da = dy * g
    dzg = dy * a * g * (1 - g)
    return x.T @ da, x.T @ dzg


SPEC = dict(wrt=("W", "V"),
            shapes={"x": ("N", "D"), "W": ("D", "K"), "V": ("D", "K"), "b": ("K",), "c": ("K",),
                    "t": ("N", "K")},
            draws={}, sizes={"N": 4, "D": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_glu_01")
CAUSE = "mse-convention"
FIX = "mse_loss is the mean of squares with no 1/2, so dy = 2 (y - t) / numel."
