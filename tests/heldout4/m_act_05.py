"""Softplus, torch: out = log(1 + exp(x)), loss = sum(dout * out) for a given upstream
gradient; x (N, D), dout (N, D), N = 5, D = 2.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, dout):
    return (dout * F.softplus(x)).sum()


def grad(x, dout):
    out = F.softplus(x)
    dx = dout * torch.sigmoid(out)  # <- wrong
    return dx


def grad_fixed(x, dout):
    out = F.softplus(x)
    dx = dout * torch.sigmoid(x)
    return dx


SPEC = dict(wrt="x", shapes={"x": ("N", "D"), "dout": ("N", "D")}, sizes={"N": 5, "D": 2})
case = derivation(loss, grad, **SPEC, name="m_act_05")
CAUSE = "activation-derivative-of-input"
FIX = "softplus'(x) = sigmoid(x) of the input, not sigmoid of the softplus output."
