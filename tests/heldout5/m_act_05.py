"""GELU in its tanh approximation, numpy flat function:
y = x/2 (1 + tanh(u)), u = c (x + a x^3), c = sqrt(2/pi), a = 0.044715;
loss = sum(dout * y); x (6, 9), dout (6, 9).
"""

import math

import numpy as np
import torch.nn.functional as F

from verify import derivation

C = math.sqrt(2.0 / math.pi)
A = 0.044715


def loss(x, dout):
    return (dout * F.gelu(x, approximate="tanh")).sum()


def grad(x, dout):
    u = C * (x + A * x ** 3)
    t = np.tanh(u)
    du = C * (1 + A * x ** 2)  # <- wrong
    dydx = 0.5 * (1 + t) + 0.5 * x * (1 - t ** 2) * du
    return dout * dydx


def grad_fixed(x, dout):
    u = C * (x + A * x ** 3)
    t = np.tanh(u)
    du = C * (1 + 3 * A * x ** 2)
    dydx = 0.5 * (1 + t) + 0.5 * x * (1 - t ** 2) * du
    return dout * dydx


SPEC = dict(numpy=True, wrt="x", shapes={"x": (6, 9), "dout": (6, 9)})
case = derivation(loss, grad, **SPEC, name="m_act_05")
CAUSE = "wrong-coefficient"
FIX = "d/dx of a x^3 is 3 a x^2, so du/dx = c (1 + 3 a x^2)."
