"""GELU, tanh approximation, in numpy: g(x) = 0.5 x (1 + tanh(u)), u = c (x + 0.044715 x^3),
c = sqrt(2 / pi); L = sum(dout * g(x)); x (N, D), dout (N, D).
"""

import math

import numpy as np
import torch.nn.functional as F

from verify import derivation

C = math.sqrt(2 / math.pi)


def loss(x, dout):
    return (dout * F.gelu(x, approximate="tanh")).sum()


def grad(x, dout):
    th = np.tanh(C * (x + 0.044715 * x ** 3))
    du = C * (1 + 0.044715 * x ** 2)  # <- wrong
    dg = 0.5 * (1 + th) + 0.5 * x * (1 - th ** 2) * du
    return dout * dg


def grad_fixed(x, dout):
    th = np.tanh(C * (x + 0.044715 * x ** 3))
    du = C * (1 + 3 * 0.044715 * x ** 2)
    dg = 0.5 * (1 + th) + 0.5 * x * (1 - th ** 2) * du
    return dout * dg


SPEC = dict(numpy=True, wrt="x", shapes={"x": ("N", "D"), "dout": ("N", "D")},
            sizes={"N": 4, "D": 5})
case = derivation(loss, grad, **SPEC, name="l_act_12")
CAUSE = "wrong-coefficient"
FIX = "The power rule brings down the cube's 3: du/dx = c (1 + 3 * 0.044715 x^2)."
