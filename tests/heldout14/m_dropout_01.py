"""A ReLU layer followed by inverted dropout with a given uniform draw u, numpy:
h = relu(x W), a unit is dropped where u < P, y = h / (1 - P) on the kept units and 0 on the
dropped ones, L = sum(dout * y); x (N, D), W (D, H), u (N, H) in (0, 1), dout (N, H).
"""

import numpy as np
import torch

from verify import derivation

P = 0.4


def loss(x, W, u, dout):
    h = torch.relu(x @ W)
    y = torch.where(u < P, torch.zeros_like(h), h / (1 - P))
    return (dout * y).sum()


class Dropout:
    def forward(self, h, u):
        self.drop = u < P
        return np.where(self.drop, 0.0, h / (1 - P))

    def backward(self, dout):
        return np.where(self.drop, dout / (1 - P), 0.0)  # <- wrong


class DropoutFixed(Dropout):
    def backward(self, dout):
        return np.where(self.drop, 0.0, dout / (1 - P))


def grad(x, W, u, dout):
    z = x @ W
    h = np.maximum(z, 0)
    drop = Dropout()
    drop.forward(h, u)
    dh = drop.backward(dout)
    dz = dh * (z > 0)
    return x.T @ dz


def grad_fixed(x, W, u, dout):
    z = x @ W
    h = np.maximum(z, 0)
    drop = DropoutFixed()
    drop.forward(h, u)
    dh = drop.backward(dout)
    dz = dh * (z > 0)
    return x.T @ dz


SPEC = dict(wrt="W",
            shapes={"x": ("N", "D"), "W": ("D", "H"), "u": ("N", "H"), "dout": ("N", "H")},
            draws={"u": ("uniform", 0.0, 1.0)}, sizes={"N": 4, "D": 3, "H": 5})
case = derivation(loss, grad, **SPEC, name="m_dropout_01")
CAUSE = "mask"
FIX = "The gradient flows through the kept units only: np.where(self.drop, 0.0, dout / (1 - P))."
