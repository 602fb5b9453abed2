"""Two-layer sigmoid MLP over a batch, linear output, with an L2 penalty on both weights:
E = 1/N sum_n 1/2 ||y_n - t_n||^2 + LAMBDA/2 (||W1||^2 + ||W2||^2), y = sigma(x W1) W2;
x (N, D), W1 (D, H), W2 (H, K), t (N, K).
"""

import torch

from verify import derivation

LAMBDA = 0.1


def loss(x, W1, W2, t):
    """E = 1/N sum_n 1/2 sum_k (y_nk - t_nk)^2 + LAMBDA/2 (||W1||^2 + ||W2||^2)."""
    y = torch.sigmoid(x @ W1) @ W2
    penalty = 0.5 * LAMBDA * ((W1 ** 2).sum() + (W2 ** 2).sum())
    return 0.5 * ((y - t) ** 2).sum() / x.shape[0] + penalty


def grad(x, W1, W2, t):
    N = x.shape[0]
    h = torch.sigmoid(x @ W1)
    y = h @ W2
    dy = (y - t) / N
    dW2 = h.T @ dy + LAMBDA * W2
    dh = dy @ W2.T
    dz1 = dh * h * (1 - h)
    dW1 = x.T @ dz1  # <- wrong
    return dW1, dW2


def grad_fixed(x, W1, W2, t):
    N = x.shape[0]
    h = torch.sigmoid(x @ W1)
    y = h @ W2
    dy = (y - t) / N
    dW2 = h.T @ dy + LAMBDA * W2
    dh = dy @ W2.T
    dz1 = dh * h * (1 - h)
    dW1 = x.T @ dz1 + LAMBDA * W1
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "K"), "t": ("N", "K")},
            sizes={"N": 5, "D": 3, "H": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_mlp_22")
CAUSE = "missing-term"
FIX = "W1 is in the penalty too: add LAMBDA W1 to dW1."
