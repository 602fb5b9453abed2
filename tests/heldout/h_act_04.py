"""GELU in its tanh approximation, checked through L = sum(dout * gelu(x)):
gelu(x) = x/2 (1 + tanh(c (x + 0.044715 x^3))), c = sqrt(2/pi);
x (N, D), dout (N, D) the upstream gradient.
"""

import math

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, dout):
    return (dout * F.gelu(x, approximate="tanh")).sum()


def grad(x, dout):
    c = math.sqrt(2.0 / math.pi)
    u = c * (x + 0.044715 * x ** 3)
    th = torch.tanh(u)
    du = c * (1 + 0.044715 * x ** 2)  # <- wrong
    dx = dout * (0.5 * (1 + th) + 0.5 * x * (1 - th ** 2) * du)
    return dx


def grad_fixed(x, dout):
    c = math.sqrt(2.0 / math.pi)
    u = c * (x + 0.044715 * x ** 3)
    th = torch.tanh(u)
    du = c * (1 + 3 * 0.044715 * x ** 2)
    dx = dout * (0.5 * (1 + th) + 0.5 * x * (1 - th ** 2) * du)
    return dx


SPEC = dict(wrt="x", shapes={"x": ("N", "D"), "dout": ("N", "D")}, sizes={"N": 4, "D": 6})
case = derivation(loss, grad, **SPEC, name="h_act_04")
CAUSE = "wrong-coefficient"
FIX = "d/dx 0.044715 x^3 = 3 * 0.044715 x^2: the power rule's 3 is missing."
