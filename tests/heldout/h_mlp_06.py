"""Two sigmoid layers of equal width, loss 1/2 the summed squared error:
E = 1/2 sum (a2 - t)^2, a1 = sigma(x W1), a2 = sigma(a1 W2);
x (5, 4), W1 (4, 3), W2 (3, 3), t (5, 3) targets in [0, 1].
"""

import torch

from verify import derivation


def loss(x, W1, W2, t):
    """E = 1/2 sum (sigma(sigma(x W1) W2) - t)^2."""
    a2 = torch.sigmoid(torch.sigmoid(x @ W1) @ W2)
    return 0.5 * ((a2 - t) ** 2).sum()


def grad(x, W1, W2, t):
    a1 = torch.sigmoid(x @ W1)
    a2 = torch.sigmoid(a1 @ W2)
    delta2 = (a2 - t) * a2 * (1 - a2)
    delta1 = (delta2 @ W2.T) * a2 * (1 - a2)  # <- wrong
    dW2 = a1.T @ delta2
    dW1 = x.T @ delta1
    return dW1, dW2


def grad_fixed(x, W1, W2, t):
    a1 = torch.sigmoid(x @ W1)
    a2 = torch.sigmoid(a1 @ W2)
    delta2 = (a2 - t) * a2 * (1 - a2)
    delta1 = (delta2 @ W2.T) * a1 * (1 - a1)
    dW2 = a1.T @ delta2
    dW1 = x.T @ delta1
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"),
            shapes={"x": (5, 4), "W1": (4, 3), "W2": (3, 3), "t": (5, 3)},
            draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="h_mlp_06")
CAUSE = "wrong-layer"
FIX = "The hidden delta uses the hidden layer's own derivative: a1 (1 - a1), not a2 (1 - a2)."
