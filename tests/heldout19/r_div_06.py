"""Element-wise division operator of Apache SINGA's Python autograd (python/singa/autograd.py), in numpy.

Source: https://github.com/apache/singa/pull/484 ("SINGA-475 add Div operator"), first version:
    def backward(self, dy):
        return singa.__div__(dy, self.input[0]), singa.__mul__(dy, self.input[1])
review (joddiy): "the gradients should be: dy/dx_1 = b^-1, dy/dx_2 = -a*b^-2", after which the
author "fixed backward function and added test".
y = a / b, L = sum(dy * y); a (3, 2), b (3, 2) positive, dy (3, 2).
"""

import numpy as np

from verify import derivation


def loss(a, b, dy):
    return (dy * (a / b)).sum()


class Div:
    def forward(self, a, b):
        self.input = (a, b)
        return np.divide(a, b)

    def backward(self, dy):
        return np.divide(dy, self.input[0]), np.multiply(dy, self.input[1])  # <- wrong


class DivFixed(Div):
    def backward(self, dy):
        return np.divide(dy, self.input[1]), -np.multiply(dy, self.input[0]) / self.input[1] ** 2


def grad(a, b, dy):
    op = Div()
    op.forward(a, b)
    return op.backward(dy)


def grad_fixed(a, b, dy):
    op = DivFixed()
    op.forward(a, b)
    return op.backward(dy)


SPEC = dict(wrt=("a", "b"), shapes={"a": (3, 2), "b": (3, 2), "dy": (3, 2)},
            draws={"a": "positive", "b": ("positive", 1.0, 0.5)})
case = derivation(loss, grad, **SPEC, name="r_div_06")
CAUSE = "wrong-operand"
FIX = "For y = a / b the numerator's gradient divides by b and the denominator's is -dy a / b^2."
