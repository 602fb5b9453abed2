"""A residual block with a ReLU branch, checked through an upstream gradient, torch:
z = x W1, h = relu(z), y = x + h W2, E = sum(G * y);
x (3, 4), W1 (4, 4), W2 (4, 4), G (3, 4).
"""

import torch

from verify import derivation


def loss(x, W1, W2, G):
    return (G * (x + torch.relu(x @ W1) @ W2)).sum()


def grad(x, W1, W2, G):
    z = x @ W1
    h = torch.relu(z)
    dW2 = h.T @ G
    dh = G @ W2.T
    dz = dh * (z > 0).to(x.dtype)
    dW1 = h.T @ dz  # <- wrong
    dx = G + dz @ W1.T
    return dx, dW1, dW2


def grad_fixed(x, W1, W2, G):
    z = x @ W1
    h = torch.relu(z)
    dW2 = h.T @ G
    dh = G @ W2.T
    dz = dh * (z > 0).to(x.dtype)
    dW1 = x.T @ dz
    dx = G + dz @ W1.T
    return dx, dW1, dW2


SPEC = dict(wrt=("x", "W1", "W2"),
            shapes={"x": (3, 4), "W1": (4, 4), "W2": (4, 4), "G": (3, 4)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_resnet_01")
CAUSE = "wrong-layer"
FIX = "W1 multiplies the block's input x, so dW1 = x^T dz."
