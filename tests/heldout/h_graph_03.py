"""A matmul node followed by tanh, checked through L = sum(G * tanh(A B)):
A (3, 3), B (3, 3), G (3, 3) the upstream gradient.
"""

import numpy as np
import torch

from verify import derivation


def loss(A, B, G):
    return (G * torch.tanh(A @ B)).sum()


def grad(A, B, G):
    Z = A @ B
    dZ = G * (1 - np.tanh(Z) ** 2)
    dA = dZ @ B.T
    dB = dZ.T @ A  # <- wrong
    return dA, dB


def grad_fixed(A, B, G):
    Z = A @ B
    dZ = G * (1 - np.tanh(Z) ** 2)
    dA = dZ @ B.T
    dB = A.T @ dZ
    return dA, dB


SPEC = dict(wrt=("A", "B"), shapes={"A": (3, 3), "B": (3, 3), "G": (3, 3)})
case = derivation(loss, grad, **SPEC, name="h_graph_03")
CAUSE = "transpose"
FIX = "For Z = A B, dB = A^T dZ; dZ^T A is its transpose."
