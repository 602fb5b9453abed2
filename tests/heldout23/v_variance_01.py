"""Sample standard deviation of a vector, pure Python:
m = mean(x), s = sqrt(sum_i (x_i - m)^2 / (n - 1)), L = s (torch.std, unbiased); x (7,).
"""

import math

import torch

from verify import derivation


def loss(x):
    return torch.std(x)


def grad(x):
    xs = x.tolist()
    n = len(xs)
    m = sum(xs) / n
    s = math.sqrt(sum((xi - m) ** 2 for xi in xs) / (n - 1))
    return [(xi - m) / (n * s) for xi in xs]  # <- wrong


def grad_fixed(x):
    xs = x.tolist()
    n = len(xs)
    m = sum(xs) / n
    s = math.sqrt(sum((xi - m) ** 2 for xi in xs) / (n - 1))
    return [(xi - m) / ((n - 1) * s) for xi in xs]


SPEC = dict(wrt="x", shapes={"x": (7,)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="v_variance_01")
CAUSE = "wrong-divisor"
FIX = "ds/dx_i = (x_i - m) / ((n - 1) s), with Bessel's n - 1 as in the forward."
