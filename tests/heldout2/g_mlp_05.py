"""A tanh hidden layer without biases, weights stored (out, in) as in torch.nn.Linear:
L = 1/2 ||tanh(x W1^T) W2^T - t||^2; x (N, D), W1 (H, D), W2 (K, H), t (N, K).
"""

import torch

from verify import derivation


def loss(x, W1, W2, t):
    """L = 1/2 sum (y - t)^2 with y = tanh(x W1^T) W2^T."""
    y = torch.tanh(x @ W1.T) @ W2.T
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W1, W2, t):
    h = torch.tanh(x @ W1.T)
    y = h @ W2.T
    e = y - t
    gW2 = e.T @ h
    gh = e @ W2
    gz = gh  # <- wrong
    gW1 = gz.T @ x
    return gW1, gW2


def grad_fixed(x, W1, W2, t):
    h = torch.tanh(x @ W1.T)
    y = h @ W2.T
    e = y - t
    gW2 = e.T @ h
    gh = e @ W2
    gz = gh * (1 - h ** 2)
    gW1 = gz.T @ x
    return gW1, gW2


SPEC = dict(wrt=("W1", "W2"),
            shapes={"x": ("N", "D"), "W1": ("H", "D"), "W2": ("K", "H"), "t": ("N", "K")},
            sizes={"N": 4, "D": 3, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="g_mlp_05")
CAUSE = "activation-derivative-missing"
FIX = "Through h = tanh(z) the gradient picks up tanh'(z) = 1 - h^2: gz = gh * (1 - h ** 2)."
