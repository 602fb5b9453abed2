"""A tanh activation layer as a torch class with a forward cache (the book's style):
out = tanh(x), backward(dout) returns dx; loss = sum(dout * out); x (6, 7), dout (6, 7).
"""

import torch

from verify import derivation


class Tanh:
    def forward(self, x):
        self.x = x
        self.out = torch.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (1 - self.x ** 2)  # <- wrong


class TanhFixed(Tanh):
    def backward(self, dout):
        return dout * (1 - self.out ** 2)


def loss(x, dout):
    return (dout * torch.tanh(x)).sum()


def grad(x, dout):
    layer = Tanh()
    layer.forward(x)
    return layer.backward(dout)


def grad_fixed(x, dout):
    layer = TanhFixed()
    layer.forward(x)
    return layer.backward(dout)


SPEC = dict(wrt="x", shapes={"x": (6, 7), "dout": (6, 7)})
case = derivation(loss, grad, **SPEC, name="m_act_01")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(x) = 1 - tanh(x)^2 is written with the cached output: 1 - out^2, not 1 - x^2."
