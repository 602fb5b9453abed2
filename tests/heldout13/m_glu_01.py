"""A gated linear unit under an upstream gradient, torch:
h = (x Wa) * sigma(x Wb), L = sum(G * h); x (4, 3), Wa (3, 2), Wb (3, 2), G (4, 2).
"""

import torch

from verify import derivation


def loss(x, Wa, Wb, G):
    return (G * ((x @ Wa) * torch.sigmoid(x @ Wb))).sum()


def grad(x, Wa, Wb, G):
    a = x @ Wa
    g = x @ Wb
    s = torch.sigmoid(g)
    dh = G
    da = dh * s
    dg = dh * a  # <- wrong
    dWa = x.T @ da
    dWb = x.T @ dg
    return dWa, dWb


def grad_fixed(x, Wa, Wb, G):
    a = x @ Wa
    g = x @ Wb
    s = torch.sigmoid(g)
    dh = G
    da = dh * s
    dg = dh * a * s * (1 - s)
    dWa = x.T @ da
    dWb = x.T @ dg
    return dWa, dWb


SPEC = dict(wrt=("Wa", "Wb"), shapes={"x": (4, 3), "Wa": (3, 2), "Wb": (3, 2), "G": (4, 2)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_glu_01")
CAUSE = "activation-derivative-missing"
FIX = "The gate's pre-activation gets the sigmoid's derivative: dg = dh a s (1 - s)."
