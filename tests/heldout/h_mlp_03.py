"""Sigmoid-hidden network without biases, loss 1/2 the summed squared error:
E = 1/2 sum (y - t)^2, y = sigma(x W1) W2;
x (N, D), W1 (D, H), W2 (H, K), t (N, K).
"""

import torch

from verify import derivation


def loss(x, W1, W2, t):
    """E = 1/2 sum (sigma(x W1) W2 - t)^2."""
    y = torch.sigmoid(x @ W1) @ W2
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W1, W2, t):
    h = torch.sigmoid(x @ W1)
    y = h @ W2
    dy = 2.0 * (y - t) / y.numel()  # <- wrong
    dW2 = h.T @ dy
    dh = dy @ W2.T
    dW1 = x.T @ (dh * h * (1 - h))
    return dW1, dW2


def grad_fixed(x, W1, W2, t):
    h = torch.sigmoid(x @ W1)
    y = h @ W2
    dy = y - t
    dW2 = h.T @ dy
    dh = dy @ W2.T
    dW1 = x.T @ (dh * h * (1 - h))
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"),
            shapes={"x": (5, 4), "W1": (4, 6), "W2": (6, 3), "t": (5, 3)})
case = derivation(loss, grad, **SPEC, name="h_mlp_03")
CAUSE = "mse-convention"
FIX = "The loss is 1/2 of a sum, not mse_loss: dy = y - t, without 2 / numel."
