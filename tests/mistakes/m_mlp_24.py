"""Two-layer tanh MLP over a batch, linear output, L2 penalty without the 1/2:
E = 1/N sum_n 1/2 ||y_n - t_n||^2 + LAMBDA (||W1||^2 + ||W2||^2), y = tanh(x W1) W2;
x (4, 3), W1 (3, 4), W2 (4, 2), t (4, 2).
"""

import torch

from verify import derivation

LAMBDA = 0.05


def loss(x, W1, W2, t):
    """E = 1/N sum_n 1/2 sum_k (y_nk - t_nk)^2 + LAMBDA (||W1||^2 + ||W2||^2)."""
    y = torch.tanh(x @ W1) @ W2
    penalty = LAMBDA * ((W1 ** 2).sum() + (W2 ** 2).sum())
    return 0.5 * ((y - t) ** 2).sum() / x.shape[0] + penalty


def grad(x, W1, W2, t):
    N = x.shape[0]
    h = torch.tanh(x @ W1)
    y = h @ W2
    dy = (y - t) / N
    dW2 = h.T @ dy + LAMBDA * W2  # <- wrong
    dz1 = (dy @ W2.T) * (1 - h ** 2)
    dW1 = x.T @ dz1 + 2 * LAMBDA * W1
    return dW1, dW2


def grad_fixed(x, W1, W2, t):
    N = x.shape[0]
    h = torch.tanh(x @ W1)
    y = h @ W2
    dy = (y - t) / N
    dW2 = h.T @ dy + 2 * LAMBDA * W2
    dz1 = (dy @ W2.T) * (1 - h ** 2)
    dW1 = x.T @ dz1 + 2 * LAMBDA * W1
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"), shapes={"x": (4, 3), "W1": (3, 4), "W2": (4, 2), "t": (4, 2)})
case = derivation(loss, grad, **SPEC, name="m_mlp_24")
CAUSE = "square-factor"
FIX = "The penalty LAMBDA ||W2||^2 has gradient 2 LAMBDA W2, as in dW1."
