"""A clip (hardtanh) layer class in numpy whose forward stores the pass-through mask:
out = clip(x, -1, 1), L = sum(dout * out); x (5, 4), dout (5, 4).
"""

import numpy as np
import torch

from verify import derivation


class Clip:
    def __init__(self, lo=-1.0, hi=1.0):
        self.lo = lo
        self.hi = hi

    def forward(self, x):
        self.mask = x > self.lo  # <- wrong
        return np.clip(x, self.lo, self.hi)

    def backward(self, dout):
        return dout * self.mask


class ClipFixed(Clip):
    def forward(self, x):
        self.mask = (x > self.lo) & (x < self.hi)
        return np.clip(x, self.lo, self.hi)


def loss(x, dout):
    return (dout * torch.clamp(x, -1.0, 1.0)).sum()


def grad(x, dout):
    layer = Clip()
    layer.forward(x)
    return layer.backward(dout)


def grad_fixed(x, dout):
    layer = ClipFixed()
    layer.forward(x)
    return layer.backward(dout)


SPEC = dict(wrt="x", shapes={"x": (5, 4), "dout": (5, 4)})
case = derivation(loss, grad, **SPEC, name="k_act_05")
CAUSE = "mask"
FIX = "The gradient passes only where -1 < x < 1: the mask needs the upper bound too."
