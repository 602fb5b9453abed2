"""A residual block, torch: out = x + relu(x W1) W2, loss = sum(dout * out) for a given
upstream gradient dout; x (N, D), W1 (D, H), W2 (H, D), dout (N, D), N = 3, D = 4, H = 6.
Gradients of x and W1.
"""

import torch

from verify import derivation


def loss(x, W1, W2, dout):
    out = x + torch.relu(x @ W1) @ W2
    return (dout * out).sum()


def grad(x, W1, W2, dout):
    z = x @ W1
    dh = dout @ W2.T
    dz = dh * (z > 0)
    dx = dz @ W1.T  # <- wrong
    dW1 = x.T @ dz
    return dx, dW1


def grad_fixed(x, W1, W2, dout):
    z = x @ W1
    dh = dout @ W2.T
    dz = dh * (z > 0)
    dx = dout + dz @ W1.T
    dW1 = x.T @ dz
    return dx, dW1


SPEC = dict(wrt=("x", "W1"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "D"), "dout": ("N", "D")},
            sizes={"N": 3, "D": 4, "H": 6})
case = derivation(loss, grad, **SPEC, name="m_mlp_04")
CAUSE = "missing-term"
FIX = "x also reaches out through the skip connection, so dx = dout + dz W1^T."
