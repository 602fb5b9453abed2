"""SiLU / swish written out by hand in torch (no autograd): y = x sigma(x), L = sum(dout * y);
x (3, 7), dout (3, 7). sigma'(x) is derived from 1 / (1 + e^{-x}) as e^{-x} sigma(x)^2.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, dout):
    return (dout * F.silu(x)).sum()


def grad(x, dout):
    e = torch.exp(-x)
    s = 1 / (1 + e)
    ds = -e * s ** 2  # <- wrong
    dy_dx = s + x * ds
    return dout * dy_dx


def grad_fixed(x, dout):
    e = torch.exp(-x)
    s = 1 / (1 + e)
    ds = e * s ** 2
    dy_dx = s + x * ds
    return dout * dy_dx


SPEC = dict(wrt="x", shapes={"x": (3, 7), "dout": (3, 7)})
case = derivation(loss, grad, **SPEC, name="k_act_03")
CAUSE = "sign"
FIX = "d/dx (1 + e^{-x})^{-1} = +e^{-x} / (1 + e^{-x})^2: the two minus signs cancel."
