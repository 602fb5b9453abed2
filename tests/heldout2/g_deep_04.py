"""A residual MLP block on top of a tanh layer (torch, named sizes):
a = tanh(x W0), u = tanh(a W1), r = a + u W2, y = r W3, L = 1/2 ||y - t||^2;
x (N, D), W0 (D, H), W1 (H, H), W2 (H, H), W3 (H, K).
"""

import torch

from verify import derivation


def loss(x, W0, W1, W2, W3, t):
    """L = 1/2 sum (y - t)^2 with a skip connection r = a + tanh(a W1) W2."""
    a = torch.tanh(x @ W0)
    r = a + torch.tanh(a @ W1) @ W2
    return 0.5 * ((r @ W3 - t) ** 2).sum()


def grad(x, W0, W1, W2, W3, t):
    a = torch.tanh(x @ W0)
    u = torch.tanh(a @ W1)
    r = a + u @ W2
    y = r @ W3
    dy = y - t
    dW3 = r.T @ dy
    dr = dy @ W3.T
    dW2 = u.T @ dr
    du = dr @ W2.T
    dz1 = du * (1 - u ** 2)
    dW1 = a.T @ dz1
    da = dz1 @ W1.T  # <- wrong
    dz0 = da * (1 - a ** 2)
    dW0 = x.T @ dz0
    return dW0, dW1, dW2, dW3


def grad_fixed(x, W0, W1, W2, W3, t):
    a = torch.tanh(x @ W0)
    u = torch.tanh(a @ W1)
    r = a + u @ W2
    y = r @ W3
    dy = y - t
    dW3 = r.T @ dy
    dr = dy @ W3.T
    dW2 = u.T @ dr
    du = dr @ W2.T
    dz1 = du * (1 - u ** 2)
    dW1 = a.T @ dz1
    da = dr + dz1 @ W1.T
    dz0 = da * (1 - a ** 2)
    dW0 = x.T @ dz0
    return dW0, dW1, dW2, dW3


SPEC = dict(wrt=("W0", "W1", "W2", "W3"),
            shapes={"x": ("N", "D"), "W0": ("D", "H"), "W1": ("H", "H"), "W2": ("H", "H"),
                    "W3": ("H", "K"), "t": ("N", "K")},
            sizes={"N": 4, "D": 3, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="g_deep_04")
CAUSE = "missing-term"
FIX = "a reaches r twice, through the block and the skip path: da = dr + dz1 W1^T."
