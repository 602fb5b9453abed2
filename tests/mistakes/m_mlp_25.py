"""Two-layer sigmoid MLP over a batch with biases, sigmoid output, mean over the batch:
E = 1/N sum_n 1/2 sum_k (y_nk - t_nk)^2, z2 = sigma(x W1 + b1) W2 + b2, y = sigma(z2);
x (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,), t (N, K).
"""

import torch

from verify import derivation


def loss(x, W1, b1, W2, b2, t):
    """E = 1/N sum_n 1/2 sum_k (y_nk - t_nk)^2 with y = sigma(sigma(x W1 + b1) W2 + b2)."""
    y = torch.sigmoid(torch.sigmoid(x @ W1 + b1) @ W2 + b2)
    return 0.5 * ((y - t) ** 2).sum() / x.shape[0]


def grad(x, W1, b1, W2, b2, t):
    N = x.shape[0]
    h = torch.sigmoid(x @ W1 + b1)
    z2 = h @ W2 + b2
    y = torch.sigmoid(z2)
    err = z2 - t  # <- wrong
    dz2 = err * y * (1 - y) / N
    dW2 = h.T @ dz2
    db2 = dz2.sum(0)
    dz1 = (dz2 @ W2.T) * h * (1 - h)
    dW1 = x.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


def grad_fixed(x, W1, b1, W2, b2, t):
    N = x.shape[0]
    h = torch.sigmoid(x @ W1 + b1)
    z2 = h @ W2 + b2
    y = torch.sigmoid(z2)
    err = y - t
    dz2 = err * y * (1 - y) / N
    dW2 = h.T @ dz2
    db2 = dz2.sum(0)
    dz1 = (dz2 @ W2.T) * h * (1 - h)
    dW1 = x.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "K"), "b2": ("K",),
            "t": ("N", "K")},
            draws={"t": "uniform"}, sizes={"N": 4, "D": 3, "H": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_mlp_25")
CAUSE = "wrong-operand"
FIX = "The error is the output minus the target: y - t, not the pre-activation z2 - t."
