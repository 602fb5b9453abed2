"""A residual block with a ReLU bottleneck, half squared error, torch:
y = x + relu(x W1) W2, L = 1/2 ||y - t||^2;
x (4, 5), W1 (5, 3), W2 (3, 5), t (4, 5).
"""

import torch

from verify import derivation


def loss(x, W1, W2, t):
    y = x + torch.relu(x @ W1) @ W2
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W1, W2, t):
    z = x @ W1
    h = torch.relu(z)
    y = x + h @ W2
    dy = y - t
    dW2 = h.T @ dy
    dz = (dy @ W2.T) * (z > 0)
    dW1 = x.T @ dz
    dx = dz @ W1.T  # <- wrong
    return dx, dW1, dW2


def grad_fixed(x, W1, W2, t):
    z = x @ W1
    h = torch.relu(z)
    y = x + h @ W2
    dy = y - t
    dW2 = h.T @ dy
    dz = (dy @ W2.T) * (z > 0)
    dW1 = x.T @ dz
    dx = dy + dz @ W1.T
    return dx, dW1, dW2


SPEC = dict(wrt=("x", "W1", "W2"), shapes={"x": (4, 5), "W1": (5, 3), "W2": (3, 5), "t": (4, 5)})
case = derivation(loss, grad, **SPEC, name="n_residual_35")
CAUSE = "missing-term"
FIX = "The identity shortcut passes dy straight to the input, so dx = dy + dz @ W1.T."
