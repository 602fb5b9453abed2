"""A ReLU layer class in numpy in the style of the textbook (a boolean mask kept from the
forward pass, the masked entries zeroed): loss = sum(dout * relu(x)); x (7, 6), dout (7, 6).
"""

import torch

from verify import derivation


class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = (x > 0)  # <- wrong
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dx = dout.copy()
        dx[self.mask] = 0
        return dx


class ReluFixed(Relu):
    def forward(self, x):
        self.mask = (x <= 0)
        out = x.copy()
        out[self.mask] = 0
        return out


def loss(x, dout):
    return (dout * torch.relu(x)).sum()


def grad(x, dout):
    layer = Relu()
    layer.forward(x)
    return layer.backward(dout)


def grad_fixed(x, dout):
    layer = ReluFixed()
    layer.forward(x)
    return layer.backward(dout)


SPEC = dict(numpy=True, wrt="x", shapes={"x": (7, 6), "dout": (7, 6)})
case = derivation(loss, grad, **SPEC, name="m_act_03")
CAUSE = "mask"
FIX = "The mask marks the entries to zero, so it must be x <= 0; x > 0 zeroes the wrong half."
