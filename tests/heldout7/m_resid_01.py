"""Two residual blocks with ReLU bottlenecks, torch: x1 = x0 + relu(x0 A1) B1,
x2 = x1 + relu(x1 A2) B2, checked through L = sum(G * x2);
x0 (N, D), A1/A2 (D, H), B1/B2 (H, D), G (N, D) with N = 5, D = 4, H = 6.
"""

import torch

from verify import derivation


def loss(x0, A1, B1, A2, B2, G):
    x1 = x0 + torch.relu(x0 @ A1) @ B1
    x2 = x1 + torch.relu(x1 @ A2) @ B2
    return (G * x2).sum()


def grad(x0, A1, B1, A2, B2, G):
    u1 = x0 @ A1
    h1 = torch.relu(u1)
    x1 = x0 + h1 @ B1
    u2 = x1 @ A2
    h2 = torch.relu(u2)
    dB2 = h2.T @ G
    du2 = (G @ B2.T) * (u2 > 0)
    dA2 = x1.T @ du2
    dx1 = G + du2 @ A2.T
    dB1 = h1.T @ dx1
    du1 = (dx1 @ B2.T) * (u1 > 0)  # <- wrong
    dA1 = x0.T @ du1
    return dA1, dB1, dA2, dB2


def grad_fixed(x0, A1, B1, A2, B2, G):
    u1 = x0 @ A1
    h1 = torch.relu(u1)
    x1 = x0 + h1 @ B1
    u2 = x1 @ A2
    h2 = torch.relu(u2)
    dB2 = h2.T @ G
    du2 = (G @ B2.T) * (u2 > 0)
    dA2 = x1.T @ du2
    dx1 = G + du2 @ A2.T
    dB1 = h1.T @ dx1
    du1 = (dx1 @ B1.T) * (u1 > 0)
    dA1 = x0.T @ du1
    return dA1, dB1, dA2, dB2


SPEC = dict(wrt=("A1", "B1", "A2", "B2"),
            shapes={"x0": ("N", "D"), "A1": ("D", "H"), "B1": ("H", "D"), "A2": ("D", "H"),
                    "B2": ("H", "D"), "G": ("N", "D")},
            draws={}, sizes={"N": 5, "D": 4, "H": 6})
case = derivation(loss, grad, **SPEC, name="m_resid_01")
CAUSE = "wrong-layer"
FIX = "The first block's bottleneck is undone through its own B1: du1 = (dx1 B1^T) * [u1 > 0]."
