"""Backward of a sigmoid layer (BoltzmannEntropy/interviews.ai, the book's solution SOL-120, class Sigmoid).

Source: https://github.com/BoltzmannEntropy/interviews.ai/issues/15 ("SOL-120 bug?"). The solution's
layer stores its INPUT in forward (self.x = x; return 1/(1+np.exp(-x))) and its backward returns
self.x*(1-self.x) * grad, the y (1 - y) form of the sigmoid derivative evaluated at the input x
instead of at the output sigmoid(x); the reporter's correction recomputes the output first.
Numpy, as printed in the book.
Loss: sum(grad * sigmoid(x)); x, grad (4, 5).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, grad):
    return (grad * torch.sigmoid(x)).sum()


class Sigmoid:
    def forward(self, x):
        self.x = x
        return 1 / (1 + np.exp(-x))

    def backward(self, grad):
        grad_input = self.x * (1 - self.x) * grad  # <- wrong
        return grad_input


class SigmoidFixed(Sigmoid):
    def backward(self, grad):
        grad_input = self.forward(self.x) * (1 - self.forward(self.x)) * grad
        return grad_input


def grad(x, grad):
    layer = Sigmoid()
    layer.forward(x)
    return layer.backward(grad)


def grad_fixed(x, grad):
    layer = SigmoidFixed()
    layer.forward(x)
    return layer.backward(grad)


SPEC = dict(wrt="x", shapes={"x": (4, 5), "grad": (4, 5)})
case = derivation(loss, grad, **SPEC, name="u_sigmoid_01")
CAUSE = "activation-derivative-of-input"
FIX = "Evaluate y (1 - y) at the output y = sigmoid(x), not at the stored input x."
