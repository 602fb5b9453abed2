"""Affine -> Sigmoid -> Affine network built from numpy layer classes with forward/backward.

h = sigmoid(x W1), out = h W2, L = 0.5 * sum((out - t)^2); x (4, 3), W1 (3, 5), W2 (5, 2),
t (4, 2).  Gradients with respect to W1 and W2.
Mistake: Sigmoid.backward computes z (1 - z) from its cached input instead of
sigma(z) (1 - sigma(z)) from its cached output.
"""

import numpy as np
import torch

from verify import derivation


def loss(W1, W2, x, t):
    return 0.5 * ((torch.sigmoid(x @ W1) @ W2 - t) ** 2).sum()


class Affine:
    def __init__(self, W):
        self.W = W

    def forward(self, x):
        self.x = x
        return x @ self.W

    def backward(self, dout):
        self.dW = self.x.T @ dout
        return dout @ self.W.T


class Sigmoid:
    def forward(self, z):
        self.z = z
        self.out = 1 / (1 + np.exp(-z))
        return self.out

    def backward(self, dout):
        return dout * self.z * (1 - self.z)  # <- wrong


class SigmoidFixed(Sigmoid):
    def backward(self, dout):
        return dout * self.out * (1 - self.out)


def grad(W1, W2, x, t):
    fc1, act, fc2 = Affine(W1), Sigmoid(), Affine(W2)
    out = fc2.forward(act.forward(fc1.forward(x)))
    fc1.backward(act.backward(fc2.backward(out - t)))
    return fc1.dW, fc2.dW


def grad_fixed(W1, W2, x, t):
    fc1, act, fc2 = Affine(W1), SigmoidFixed(), Affine(W2)
    out = fc2.forward(act.forward(fc1.forward(x)))
    fc1.backward(act.backward(fc2.backward(out - t)))
    return fc1.dW, fc2.dW


SPEC = dict(wrt=("W1", "W2"), shapes={"W1": (3, 5), "W2": (5, 2), "x": (4, 3), "t": (4, 2)})
case = derivation(loss, grad, **SPEC, name="t_sigmoid_22")
CAUSE = "activation-derivative-of-input"
FIX = "sigma'(z) = sigma(z) (1 - sigma(z)), so backward uses the cached output, not the input z."
