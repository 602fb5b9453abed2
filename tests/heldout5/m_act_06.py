"""A gated linear unit as a numpy layer class, value and gate given as two inputs:
out = a * sigmoid(b), backward(dout) returns (da, db); loss = sum(dout * out);
a (5, 8), b (5, 8), dout (5, 8).
"""

import numpy as np
import torch

from verify import derivation


class GLU:
    def forward(self, a, b):
        self.a = a
        self.g = 1.0 / (1.0 + np.exp(-b))
        return a * self.g

    def backward(self, dout):
        dvalue = dout * self.g
        dgate = dout * self.a * self.g * (1.0 - self.g)
        return dgate, dvalue  # <- wrong


class GLUFixed(GLU):
    def backward(self, dout):
        dvalue = dout * self.g
        dgate = dout * self.a * self.g * (1.0 - self.g)
        return dvalue, dgate


def loss(a, b, dout):
    return (dout * a * torch.sigmoid(b)).sum()


def grad(a, b, dout):
    layer = GLU()
    layer.forward(a, b)
    da, db = layer.backward(dout)
    return da, db


def grad_fixed(a, b, dout):
    layer = GLUFixed()
    layer.forward(a, b)
    da, db = layer.backward(dout)
    return da, db


SPEC = dict(numpy=True, wrt=("a", "b"), shapes={"a": (5, 8), "b": (5, 8), "dout": (5, 8)})
case = derivation(loss, grad, **SPEC, name="m_act_06")
CAUSE = "return-order"
FIX = "backward must return the value's gradient first and the gate's second: (dvalue, dgate)."
