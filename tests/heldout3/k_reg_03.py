"""Inverted dropout (keep probability 0.8) after a linear map, in numpy, with a fixed mask:
h = x W, out = h * mask / 0.8, L = sum(dout * out); x (4, 3), W (3, 5), mask (4, 5) of 0/1,
dout (4, 5).
"""

import numpy as np

from verify import derivation

MASK = np.array([[1, 0, 1, 1, 1],
                 [1, 1, 0, 1, 1],
                 [0, 1, 1, 1, 0],
                 [1, 1, 1, 0, 1]], dtype=float)


class Dropout:
    def __init__(self, keep=0.8):
        self.keep = keep

    def forward(self, x, mask):
        self.mask = mask
        return x * mask / self.keep

    def backward(self, dout):
        return dout * self.mask  # <- wrong


class DropoutFixed(Dropout):
    def backward(self, dout):
        return dout * self.mask / self.keep


def loss(x, W, mask, dout):
    return (dout * (x @ W) * mask / 0.8).sum()


def grad(x, W, mask, dout):
    drop = Dropout(0.8)
    h = x @ W
    drop.forward(h, mask)
    dh = drop.backward(dout)
    return dh @ W.T, x.T @ dh


def grad_fixed(x, W, mask, dout):
    drop = DropoutFixed(0.8)
    h = x @ W
    drop.forward(h, mask)
    dh = drop.backward(dout)
    return dh @ W.T, x.T @ dh


SPEC = dict(wrt=("x", "W"), shapes={"x": (4, 3), "W": (3, 5), "mask": (4, 5), "dout": (4, 5)},
            draws={"mask": MASK})
case = derivation(loss, grad, **SPEC, name="k_reg_03")
CAUSE = "wrong-coefficient"
FIX = "Inverted dropout scales by 1/keep in forward, so backward returns dout * mask / keep."
