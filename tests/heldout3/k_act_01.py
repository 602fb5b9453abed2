"""A Tanh layer class in torch (no autograd) that caches its input, after a linear map:
z = x W, out = tanh(z), L = sum(dout * out); x (5, 3), W (3, 4), dout (5, 4).
"""

import torch

from verify import derivation


class Tanh:
    def forward(self, x):
        self.x = x
        return torch.tanh(x)

    def backward(self, dout):
        return dout * (1 - self.x ** 2)  # <- wrong


class TanhFixed(Tanh):
    def backward(self, dout):
        return dout * (1 - torch.tanh(self.x) ** 2)


def loss(x, W, dout):
    return (dout * torch.tanh(x @ W)).sum()


def grad(x, W, dout):
    act = Tanh()
    z = x @ W
    act.forward(z)
    dz = act.backward(dout)
    dx = dz @ W.T
    dW = x.T @ dz
    return dx, dW


def grad_fixed(x, W, dout):
    act = TanhFixed()
    z = x @ W
    act.forward(z)
    dz = act.backward(dout)
    dx = dz @ W.T
    dW = x.T @ dz
    return dx, dW


SPEC = dict(wrt=("x", "W"), shapes={"x": (5, 3), "W": (3, 4), "dout": (5, 4)})
case = derivation(loss, grad, **SPEC, name="k_act_01")
CAUSE = "activation-derivative-of-input"
FIX = "The layer caches its input, so the derivative is 1 - tanh(x)^2, not 1 - x^2."
