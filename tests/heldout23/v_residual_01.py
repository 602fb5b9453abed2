"""A residual block with a ReLU branch under an upstream gradient:
y = x + relu(x W), L = sum(G * y); x (N, D), W (D, D), G (N, D); N = 3, D = 4.
"""

import torch

from verify import derivation


def loss(x, W, G):
    return (G * (x + torch.relu(x @ W))).sum()


def grad(x, W, G):
    z = x @ W
    dz = G * (z > 0)
    dW = x.T @ dz
    dx = dz @ W.T  # <- wrong
    return dx, dW


def grad_fixed(x, W, G):
    z = x @ W
    dz = G * (z > 0)
    dW = x.T @ dz
    dx = G + dz @ W.T
    return dx, dW


SPEC = dict(wrt=("x", "W"), shapes={"x": ("N", "D"), "W": ("D", "D"), "G": ("N", "D")},
            draws={}, sizes={"N": 3, "D": 4})
case = derivation(loss, grad, **SPEC, name="v_residual_01")
CAUSE = "missing-term"
FIX = "x reaches y both through the branch and through the identity, so dx = G + dz W^T."
