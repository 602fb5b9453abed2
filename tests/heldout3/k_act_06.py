"""Softplus with sharpness beta = 2 in pure-Python scalars:
y = (1 / beta) log(1 + exp(beta x)), E = g * y for a scalar upstream gradient g; x, g scalars.
"""

import math

import torch.nn.functional as F

from verify import derivation


def loss(x, g):
    return g * F.softplus(x, beta=2.0)


def grad(x, g):
    x, g = float(x), float(g)
    beta = 2.0
    u = beta * x
    s = 1.0 / (1.0 + math.exp(-u)) if u >= 0 else math.exp(u) / (1.0 + math.exp(u))
    dy_dx = beta * s  # <- wrong
    return g * dy_dx


def grad_fixed(x, g):
    x, g = float(x), float(g)
    beta = 2.0
    u = beta * x
    s = 1.0 / (1.0 + math.exp(-u)) if u >= 0 else math.exp(u) / (1.0 + math.exp(u))
    dy_dx = s
    return g * dy_dx


SPEC = dict(wrt="x", shapes={"x": (), "g": ()})
case = derivation(loss, grad, **SPEC, name="k_act_06")
CAUSE = "wrong-coefficient"
FIX = "The 1/beta in front cancels the inner factor beta: dy/dx = sigmoid(beta x), no extra beta."
