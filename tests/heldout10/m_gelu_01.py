"""GELU with the tanh approximation, its derivative written out in pure Python:
y = x/2 (1 + tanh(k (x + 0.044715 x^3))), k = sqrt(2/pi), L = sum(g * y); x, g (N,), N = 8.
"""

import math

import torch.nn.functional as F

from verify import derivation

K = math.sqrt(2.0 / math.pi)
C = 0.044715


def loss(x, g):
    return (g * F.gelu(x, approximate="tanh")).sum()


def grad(x, g):
    out = []
    for xi, gi in zip(x.tolist(), g.tolist()):
        t = math.tanh(K * (xi + C * xi ** 3))
        du = K * (1 + C * xi ** 2)  # <- wrong
        out.append(gi * (0.5 * (1 + t) + 0.5 * xi * (1 - t * t) * du))
    return out


def grad_fixed(x, g):
    out = []
    for xi, gi in zip(x.tolist(), g.tolist()):
        t = math.tanh(K * (xi + C * xi ** 3))
        du = K * (1 + 3 * C * xi ** 2)
        out.append(gi * (0.5 * (1 + t) + 0.5 * xi * (1 - t * t) * du))
    return out


SPEC = dict(wrt="x", shapes={"x": ("N",), "g": ("N",)}, draws={}, sizes={"N": 8})
case = derivation(loss, grad, **SPEC, name="m_gelu_01")
CAUSE = "wrong-coefficient"
FIX = "d/dx of 0.044715 x^3 is 3 * 0.044715 x^2: the 3 of the power rule is missing."
