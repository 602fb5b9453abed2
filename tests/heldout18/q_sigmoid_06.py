"""BoltzmannEntropy/interviews.ai issue #15 (https://github.com/BoltzmannEntropy/interviews.ai/issues/15),
"SOL-120 bug?": the book's Sigmoid.backward computes grad_input = self.x*(1-self.x) * grad from the
stored input x; the derivative needs the sigmoid output s = sigmoid(x): s * (1 - s) * grad.
x (4, 3), grad G (4, 3), L = sum(G * sigmoid(x)).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, G):
    return (G * torch.sigmoid(x)).sum()


class Sigmoid:
    def forward(self, x):
        self.x = x
        return 1/(1+np.exp(-x))

    def backward(self, grad):
        grad_input = self.x*(1-self.x) * grad  # <- wrong
        return grad_input


class SigmoidFixed(Sigmoid):
    def backward(self, grad):
        grad_input = self.forward(self.x)*(1-self.forward(self.x)) * grad
        return grad_input


def grad(x, G):
    layer = Sigmoid()
    layer.forward(x)
    return layer.backward(G)


def grad_fixed(x, G):
    layer = SigmoidFixed()
    layer.forward(x)
    return layer.backward(G)


SPEC = dict(wrt="x", shapes={"x": (4, 3), "G": (4, 3)})
case = derivation(loss, grad, **SPEC, name="q_sigmoid_06")
CAUSE = "activation-derivative-of-input"
FIX = "sigmoid'(x) = s(1 - s) with s = sigmoid(x), the layer's output, not the stored input x."
