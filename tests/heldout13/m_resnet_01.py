"""A residual block with a ReLU branch, numpy:
y = x + relu(x W1) W2, L = 1/2 sum (y - t)^2; x (4, 3), W1 (3, 3), W2 (3, 3), t (4, 3).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, W2, t):
    y = x + torch.relu(x @ W1) @ W2
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W1, W2, t):
    x, W1, W2, t = map(np.asarray, (x, W1, W2, t))
    z = x @ W1
    a = np.maximum(z, 0.0)
    y = x + a @ W2
    dy = y - t
    dW2 = x.T @ dy  # <- wrong
    da = dy @ W2.T
    dz = da * (z > 0)
    dW1 = x.T @ dz
    dx = dy + dz @ W1.T
    return dx, dW1, dW2


def grad_fixed(x, W1, W2, t):
    x, W1, W2, t = map(np.asarray, (x, W1, W2, t))
    z = x @ W1
    a = np.maximum(z, 0.0)
    y = x + a @ W2
    dy = y - t
    dW2 = a.T @ dy
    da = dy @ W2.T
    dz = da * (z > 0)
    dW1 = x.T @ dz
    dx = dy + dz @ W1.T
    return dx, dW1, dW2


SPEC = dict(wrt=("x", "W1", "W2"), shapes={"x": (4, 3), "W1": (3, 3), "W2": (3, 3), "t": (4, 3)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_resnet_01")
CAUSE = "wrong-layer"
FIX = "W2 multiplies the branch's hidden activation, so dW2 = a^T dy."
