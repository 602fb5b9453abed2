"""Forward-mode derivative of asin for autodiff::real in the C++ library autodiff (autodiff/forward/real/real.hpp).

Source: https://github.com/autodiff/autodiff/issues/205 ("Inverse trig functions applied to autodiff::real
do not appear to propagate chain rule", closed): for f(x) = asin(0.5 * x) at x = 0.5, "numeric: 0.516398,
autodiff dual= 0.516398, autodiff real=1.0328"; the fix (https://github.com/autodiff/autodiff/pull/206,
"The chain rule implemented for asin, acos, and atan for autodiff::real has now been improved to consider
when the incoming real number argument has already been scaled") multiplies asin'(u) = 1 / sqrt(1 - u^2)
by the derivative carried by the argument u. A first-order real number (value, derivative) is written in
pure Python; derivative(f, wrt(x), at(x)) seeds x with 1. Loss: sum_i asin(0.5 x_i); x (5,) in (-1.5, 1.5).
"""

import math

import torch

from verify import derivation


def loss(x):
    return torch.asin(0.5 * x).sum()


class Real:
    def __init__(self, val, der=0.0):
        self.val, self.der = val, der

    def __rmul__(self, c):
        return Real(c * self.val, c * self.der)


def asin(x):
    res = Real(math.asin(x.val))
    res.der = 1.0 / math.sqrt(1.0 - x.val * x.val)  # <- wrong
    return res


def asin_fixed(x):
    res = Real(math.asin(x.val))
    res.der = x.der / math.sqrt(1.0 - x.val * x.val)
    return res


def f(x):
    return asin(0.5 * x)


def f_fixed(x):
    return asin_fixed(0.5 * x)


def grad(x):
    return [f(Real(float(v), 1.0)).der for v in x]


def grad_fixed(x):
    return [f_fixed(Real(float(v), 1.0)).der for v in x]


SPEC = dict(wrt="x", shapes={"x": (5,)}, draws={"x": ("uniform", -1.5, 1.5)})
case = derivation(loss, grad, **SPEC, name="y_asin_01")
CAUSE = "activation-derivative-missing"
FIX = "Multiply asin'(u) = 1 / sqrt(1 - u^2) by the derivative the argument carries, u', as the chain rule requires."
