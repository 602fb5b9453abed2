"""A linear map followed by the tanh approximation of GELU, under an upstream gradient, numpy:
z = x W, y = 1/2 z (1 + tanh(c (z + 0.044715 z^3))) with c = sqrt(2 / pi), L = sum(G * y);
x (3, 4), W (4, 4), G (3, 4).
"""

import math

import numpy as np
import torch.nn.functional as F

from verify import derivation

C = math.sqrt(2.0 / math.pi)


def loss(x, W, G):
    return (G * F.gelu(x @ W, approximate="tanh")).sum()


def grad(x, W, G):
    x, W, G = map(np.asarray, (x, W, G))
    z = x @ W
    u = C * (z + 0.044715 * z ** 3)
    th = np.tanh(u)
    du = C * (1.0 + 0.044715 * z ** 2)  # <- wrong
    dy_dz = 0.5 * (1.0 + th) + 0.5 * z * (1.0 - th ** 2) * du
    dW = x.T @ (G * dy_dz)
    return dW


def grad_fixed(x, W, G):
    x, W, G = map(np.asarray, (x, W, G))
    z = x @ W
    u = C * (z + 0.044715 * z ** 3)
    th = np.tanh(u)
    du = C * (1.0 + 3 * 0.044715 * z ** 2)
    dy_dz = 0.5 * (1.0 + th) + 0.5 * z * (1.0 - th ** 2) * du
    dW = x.T @ (G * dy_dz)
    return dW


SPEC = dict(wrt="W", shapes={"x": (3, 4), "W": (4, 4), "G": (3, 4)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_gelu_01")
CAUSE = "wrong-coefficient"
FIX = "The derivative of 0.044715 z^3 is 3 * 0.044715 z^2."
