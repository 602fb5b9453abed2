"""A gated linear unit fed an upstream gradient, torch:
a = X W + b, gate = sigmoid(X V + c), out = a * gate, L = sum(G * out);
X (N, D), W, V (D, H), b, c (H,), G (N, H), N = 6, D = 4, H = 4.
"""

import torch

from verify import derivation


def loss(X, G, W, b, V, c):
    return (G * (X @ W + b) * torch.sigmoid(X @ V + c)).sum()


def grad(X, G, W, b, V, c):
    a = X @ W + b
    gate = torch.sigmoid(X @ V + c)
    da = G * gate
    dzg = G * a  # <- wrong
    return X.T @ da, da.sum(0), X.T @ dzg, dzg.sum(0)


def grad_fixed(X, G, W, b, V, c):
    a = X @ W + b
    gate = torch.sigmoid(X @ V + c)
    da = G * gate
    dzg = G * a * gate * (1 - gate)
    return X.T @ da, da.sum(0), X.T @ dzg, dzg.sum(0)


SPEC = dict(wrt=("W", "b", "V", "c"),
            shapes={"X": ("N", "D"), "G": ("N", "H"), "W": ("D", "H"), "b": ("H",),
                    "V": ("D", "H"), "c": ("H",)},
            draws={}, sizes={"N": 6, "D": 4, "H": 4})
case = derivation(loss, grad, **SPEC, name="m_glu_01")
CAUSE = "activation-derivative-missing"
FIX = "The gate's pre-activation is reached through the sigmoid: dzg = G * a * gate * (1 - gate)."
