"""Two activation layers stacked, tanh then sigmoid, in torch, L = sum(dout * y2).

x (N, D), y1 = tanh(x), y2 = sigma(y1), dout (N, D) the upstream gradient.
"""

import torch

from verify import derivation


def loss(x, dout):
    return (dout * torch.sigmoid(torch.tanh(x))).sum()


def grad(x, dout):
    y1 = torch.tanh(x)
    y2 = torch.sigmoid(y1)
    dy1 = dout * y2 * (1 - y2)
    dx = dy1 * (1 - y2**2)  # <- wrong
    return dx


def grad_fixed(x, dout):
    y1 = torch.tanh(x)
    y2 = torch.sigmoid(y1)
    dy1 = dout * y2 * (1 - y2)
    dx = dy1 * (1 - y1**2)
    return dx


SPEC = dict(wrt="x", shapes={"x": (4, 3), "dout": (4, 3)})
case = derivation(loss, grad, **SPEC, name="l_act_09")
CAUSE = "wrong-layer"
FIX = "Use the tanh layer's own output in its derivative, 1 - y1**2, not 1 - y2**2."
