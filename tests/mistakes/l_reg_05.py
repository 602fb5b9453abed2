"""A linear layer under torch's mse_loss, the mean over all N M outputs, in torch.

x (N, D), W (D, M), t (N, M), y = x W, L = mse_loss(y, t) = 1/(N M) sum (y - t)^2.
"""

import torch.nn.functional as F

from verify import derivation


def loss(W, x, t):
    return F.mse_loss(x @ W, t)


def grad(W, x, t):
    y = x @ W
    dy = y - t  # <- wrong
    dW = x.T @ dy
    return dW


def grad_fixed(W, x, t):
    y = x @ W
    dy = 2 * (y - t) / y.numel()
    dW = x.T @ dy
    return dW


SPEC = dict(wrt="W", shapes={"W": (3, 2), "x": (4, 3), "t": (4, 2)})
case = derivation(loss, grad, **SPEC, name="l_reg_05")
CAUSE = "mse-convention"
FIX = "mse_loss is the mean of squares: dy = 2 (y - t) / y.numel(), not y - t."
