"""GELU with the tanh approximation, torch: gelu(x) = 0.5 x (1 + tanh(u)),
u = sqrt(2/pi) (x + 0.044715 x^3); loss = sum(dout * gelu(x)); x (N, D), dout (N, D),
N = 4, D = 5.
"""

import math

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, dout):
    return (dout * F.gelu(x, approximate="tanh")).sum()


def grad(x, dout):
    c = math.sqrt(2 / math.pi)
    th = torch.tanh(c * (x + 0.044715 * x ** 3))
    du = c * (1 + 3 * 0.044715 * x ** 2)
    dgelu = 0.5 * x * (1 - th ** 2) * du  # <- wrong
    return dout * dgelu


def grad_fixed(x, dout):
    c = math.sqrt(2 / math.pi)
    th = torch.tanh(c * (x + 0.044715 * x ** 3))
    du = c * (1 + 3 * 0.044715 * x ** 2)
    dgelu = 0.5 * (1 + th) + 0.5 * x * (1 - th ** 2) * du
    return dout * dgelu


SPEC = dict(wrt="x", shapes={"x": ("N", "D"), "dout": ("N", "D")}, sizes={"N": 4, "D": 5})
case = derivation(loss, grad, **SPEC, name="m_act_03")
CAUSE = "missing-term"
FIX = "By the product rule d/dx [0.5 x (1 + tanh u)] also has the term 0.5 (1 + tanh u)."
