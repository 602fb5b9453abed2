"""Inverted dropout between two layers, numpy backward: h = relu(X W1),
hd = h * mask / p with mask = (U < p), p = 0.8, out = hd W2, L = sum(G * out);
X (N, D), W1 (D, H), W2 (H, K), U (N, H) uniform in (0, 1), G (N, K): N = 6, D = 4, H = 8, K = 3.
"""

import numpy as np
import torch

from verify import derivation

P_KEEP = 0.8


def loss(X, W1, W2, U, G):
    mask = (U < P_KEEP).to(X.dtype) / P_KEEP
    return (G * ((torch.relu(X @ W1) * mask) @ W2)).sum()


def grad(X, W1, W2, U, G):
    X, W1, W2, U, G = (np.asarray(a) for a in (X, W1, W2, U, G))
    z = X @ W1
    h = np.maximum(z, 0)
    mask = (U < P_KEEP) / P_KEEP
    hd = h * mask
    dW2 = hd.T @ G
    dhd = G @ W2.T
    dh = dhd / P_KEEP  # <- wrong
    dz = dh * (z > 0)
    dW1 = X.T @ dz
    return dW1, dW2


def grad_fixed(X, W1, W2, U, G):
    X, W1, W2, U, G = (np.asarray(a) for a in (X, W1, W2, U, G))
    z = X @ W1
    h = np.maximum(z, 0)
    mask = (U < P_KEEP) / P_KEEP
    hd = h * mask
    dW2 = hd.T @ G
    dhd = G @ W2.T
    dh = dhd * mask
    dz = dh * (z > 0)
    dW1 = X.T @ dz
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "K"), "U": ("N", "H"),
                    "G": ("N", "K")},
            draws={"U": ("uniform", 0.0, 1.0)}, sizes={"N": 6, "D": 4, "H": 8, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_dropout_01")
CAUSE = "mask"
FIX = "Dropped units pass no gradient back, so dh = dhd * mask (the mask already holds the 1/p)."
