"""ReLU hidden layer between two weight matrices, layers as classes with a stored mask,
under an upstream gradient: y = relu(x W1) W2, L = sum(dout * y); x (4, 3), W1 (3, 5), W2 (5, 2), dout (4, 2).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, W2, dout):
    return (dout * (torch.relu(x @ W1) @ W2)).sum()


class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = (x <= 0)
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout = dout.copy()
        dout[~self.mask] = 0  # <- wrong
        return dout


class ReluFixed(Relu):
    def backward(self, dout):
        dout = dout.copy()
        dout[self.mask] = 0
        return dout


def run(relu, x, W1, W2, dout):
    a = np.dot(x, W1)
    h = relu.forward(a)
    dW2 = np.dot(h.T, dout)
    dh = np.dot(dout, W2.T)
    da = relu.backward(dh)
    dW1 = np.dot(x.T, da)
    return dW1, dW2


def grad(x, W1, W2, dout):
    return run(Relu(), x, W1, W2, dout)


def grad_fixed(x, W1, W2, dout):
    return run(ReluFixed(), x, W1, W2, dout)


SPEC = dict(wrt=("W1", "W2"), shapes={"x": (4, 3), "W1": (3, 5), "W2": (5, 2), "dout": (4, 2)}, draws={},
            sizes={})
case = derivation(loss, grad, **SPEC, name="x_relu_01")
CAUSE = "mask"
FIX = "The gradient is blocked where the input was not positive, so zero dout[self.mask], not its complement."
