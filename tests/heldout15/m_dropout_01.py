"""A two-layer net with inverted dropout on the hidden layer, given a fixed keep mask, numpy:
h = relu(x W1), hd = h * keep / (1 - p), y = hd W2, L = sum(dout * y), p = 0.25;
x (N, D), W1 (D, H), W2 (H, K), keep (N, H) in {0, 1}, dout (N, K).
"""

import numpy as np
import torch

from verify import derivation

P = 0.25


def loss(x, W1, W2, keep, dout):
    h = torch.relu(x @ W1) * keep.to(x.dtype) / (1 - P)
    return (dout * (h @ W2)).sum()


class Relu:
    def forward(self, z):
        self.mask = z > 0
        return np.maximum(z, 0)

    def backward(self, dout):
        return dout * self.mask


class Dropout:
    def __init__(self, keep, p):
        self.scale = keep / (1 - p)

    def forward(self, h):
        return h * self.scale

    def backward(self, dout):
        return dout  # <- wrong


class DropoutFixed(Dropout):
    def backward(self, dout):
        return dout * self.scale


def grad(x, W1, W2, keep, dout):
    relu, drop = Relu(), Dropout(keep, P)
    h = drop.forward(relu.forward(np.dot(x, W1)))
    dW2 = np.dot(h.T, dout)
    dh = drop.backward(np.dot(dout, W2.T))
    dz = relu.backward(dh)
    dW1 = np.dot(x.T, dz)
    return dW1, dW2


def grad_fixed(x, W1, W2, keep, dout):
    relu, drop = Relu(), DropoutFixed(keep, P)
    h = drop.forward(relu.forward(np.dot(x, W1)))
    dW2 = np.dot(h.T, dout)
    dh = drop.backward(np.dot(dout, W2.T))
    dz = relu.backward(dh)
    dW1 = np.dot(x.T, dz)
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "K"), "keep": ("N", "H"),
                    "dout": ("N", "K")},
            draws={"keep": ("labels", 2)}, sizes={"N": 4, "D": 3, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_dropout_01")
CAUSE = "mask"
FIX = "Dropout's backward applies the same scaled mask as its forward: return dout * self.scale."
