"""Derivative of the hyperbolic cotangent in sympy/sympy (sympy/functions/elementary/hyperbolic.py, coth.fdiff).

Source: https://github.com/sympy/sympy/pull/605 ("Fix sign of derivative of hyperbolic cotangent":
"There was a minus sign missing in the derivative of the hyperbolic cotangent. Taking the derivative
of the ratio of hyperbolic cosine and sine gave the correct (negative) value"). coth.fdiff returned
1/sinh(x)**2 where d coth(x)/dx = -1/sinh(x)**2; current sympy returns the negative form.
Translated to numpy. Loss: sum(G * coth(x)) with x > 0; x, G (3, 4).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, G):
    return (G / torch.tanh(x)).sum()


def fdiff(arg):
    return 1 / np.sinh(arg) ** 2  # <- wrong


def fdiff_fixed(arg):
    return -1 / np.sinh(arg) ** 2


def grad(x, G):
    return G * fdiff(x)


def grad_fixed(x, G):
    return G * fdiff_fixed(x)


SPEC = dict(wrt="x", shapes={"x": (3, 4), "G": (3, 4)}, draws={"x": ("positive", 1.0, 0.5)})
case = derivation(loss, grad, **SPEC, name="s_coth_14")
CAUSE = "sign"
FIX = "d coth(x)/dx = -1 / sinh(x)^2; the minus sign was missing."
