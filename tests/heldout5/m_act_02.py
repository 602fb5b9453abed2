"""Softplus as a numpy flat function: out = log(1 + exp(x)), computed stably with
np.logaddexp; loss = sum(dout * out); x (5, 8), dout (5, 8).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, dout):
    return (dout * F.softplus(x)).sum()


def grad(x, dout):
    out = np.logaddexp(0, x)
    sig = 1 / (1 + np.exp(-out))  # <- wrong
    dx = dout * sig
    return dx


def grad_fixed(x, dout):
    out = np.logaddexp(0, x)
    sig = 1 / (1 + np.exp(-x))
    dx = dout * sig
    return dx


SPEC = dict(numpy=True, wrt="x", shapes={"x": (5, 8), "dout": (5, 8)})
case = derivation(loss, grad, **SPEC, name="m_act_02")
CAUSE = "activation-derivative-of-input"
FIX = "softplus'(x) = sigma(x) of the input, not sigma of the softplus output."
