"""A ReLU layer followed by inverted dropout with drop probability P = 0.3:
h = relu(X W), out = h * [U > P] / (1 - P), L = sum(G * out);
X (N, D), W (D, H), U (N, H) uniform in (0, 1), G (N, H); N = 4, D = 3, H = 3.
"""

import torch

from verify import derivation

P = 0.3


def loss(X, W, U, G):
    h = torch.relu(X @ W)
    return (G * h * (U > P) / (1 - P)).sum()


def grad(X, W, U, G):
    z = X @ W
    keep = U < P  # <- wrong
    dh = G * keep / (1 - P)
    dz = dh * (z > 0)
    return X.T @ dz


def grad_fixed(X, W, U, G):
    z = X @ W
    keep = U > P
    dh = G * keep / (1 - P)
    dz = dh * (z > 0)
    return X.T @ dz


SPEC = dict(wrt="W", shapes={"X": ("N", "D"), "W": ("D", "H"), "U": ("N", "H"), "G": ("N", "H")},
            draws={"U": ("uniform", 0.0, 1.0)}, sizes={"N": 4, "D": 3, "H": 3})
case = derivation(loss, grad, **SPEC, name="v_dropout_01")
CAUSE = "mask"
FIX = "The forward keeps the units with U > P, so the backward must use the same mask."
