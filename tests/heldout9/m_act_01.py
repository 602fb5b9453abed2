"""The feed-forward block of a transformer with exact GELU, torch:
y = gelu(x W1 + b1) W2 + b2, L = sum(G * y);
x (N, D), W1 (D, H), W2 (H, D), G (N, D) with N = 4, D = 6, H = 8.
"""

import math

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W1, b1, W2, b2, G):
    return (G * (F.gelu(x @ W1 + b1) @ W2 + b2)).sum()


def grad(x, W1, b1, W2, b2, G):
    z = x @ W1 + b1
    h = F.gelu(z)
    dW2 = h.T @ G
    db2 = G.sum(0)
    dh = G @ W2.T
    cdf = 0.5 * (1 + torch.erf(z / math.sqrt(2)))
    pdf = torch.exp(-0.5 * z ** 2) / math.sqrt(2 * math.pi)
    dz = dh  # <- wrong
    dW1 = x.T @ dz
    db1 = dz.sum(0)
    return dW1, db1, dW2, db2


def grad_fixed(x, W1, b1, W2, b2, G):
    z = x @ W1 + b1
    h = F.gelu(z)
    dW2 = h.T @ G
    db2 = G.sum(0)
    dh = G @ W2.T
    cdf = 0.5 * (1 + torch.erf(z / math.sqrt(2)))
    pdf = torch.exp(-0.5 * z ** 2) / math.sqrt(2 * math.pi)
    dz = dh * (cdf + z * pdf)
    dW1 = x.T @ dz
    db1 = dz.sum(0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "D"),
                    "b2": ("D",), "G": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 6, "H": 8})
case = derivation(loss, grad, **SPEC, name="m_act_01")
CAUSE = "activation-derivative-missing"
FIX = "gelu(z) = z Phi(z), whose derivative Phi(z) + z phi(z) multiplies dh: dz = dh * (cdf + z * pdf)."
