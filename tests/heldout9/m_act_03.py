"""A fully connected layer with an ELU (alpha = 1), numpy backward:
z = x W + b, y = z for z > 0 and alpha (e^z - 1) otherwise, L = sum(G * y);
x (N, D), W (D, H), b (H,), G (N, H) with N = 5, D = 4, H = 6.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

ALPHA = 1.0


def loss(x, W, b, G):
    return (G * F.elu(x @ W + b, alpha=ALPHA)).sum()


def grad(x, W, b, G):
    x, W, b, G = np.asarray(x), np.asarray(W), np.asarray(b), np.asarray(G)
    z = x @ W + b
    y = np.where(z > 0, z, ALPHA * (np.exp(np.minimum(z, 0)) - 1))
    dydz = np.where(z > 0, 1.0, ALPHA * np.exp(y))  # <- wrong
    dz = G * dydz
    dx = dz @ W.T
    dW = x.T @ dz
    db = dz.sum(axis=0)
    return dx, dW, db


def grad_fixed(x, W, b, G):
    x, W, b, G = np.asarray(x), np.asarray(W), np.asarray(b), np.asarray(G)
    z = x @ W + b
    y = np.where(z > 0, z, ALPHA * (np.exp(np.minimum(z, 0)) - 1))
    dydz = np.where(z > 0, 1.0, y + ALPHA)
    dz = G * dydz
    dx = dz @ W.T
    dW = x.T @ dz
    db = dz.sum(axis=0)
    return dx, dW, db


SPEC = dict(wrt=("x", "W", "b"),
            shapes={"x": ("N", "D"), "W": ("D", "H"), "b": ("H",), "G": ("N", "H")},
            draws={}, sizes={"N": 5, "D": 4, "H": 6})
case = derivation(loss, grad, **SPEC, name="m_act_03")
CAUSE = "activation-derivative-of-input"
FIX = "For z <= 0 the derivative is alpha e^z = y + alpha; alpha e^y puts the output where z belongs."
