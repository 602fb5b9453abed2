"""Derivative rule of cosh in casadi/casadi (casadi/core/calculus.hpp, BinaryOperation<OP_COSH>::der).

Source: https://github.com/casadi/casadi/issues/2585 ("Wrong derivative for cosh"). The rule was
    template<typename T> static inline void der(const T& x, const T& f, T* d) { d[0] = -sinh(x); }
so every gradient through cosh had the wrong sign (present for nine years, as the maintainer noted);
it was changed to d[0] = sinh(x). Translated to numpy; the upstream gradient G is applied by the
reverse sweep. Loss: sum(G * cosh(x)); x, G (3, 4).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, G):
    return (G * torch.cosh(x)).sum()


def der(x, f):
    return -np.sinh(x)  # <- wrong


def der_fixed(x, f):
    return np.sinh(x)


def grad(x, G):
    f = np.cosh(x)
    return G * der(x, f)


def grad_fixed(x, G):
    f = np.cosh(x)
    return G * der_fixed(x, f)


SPEC = dict(wrt="x", shapes={"x": (3, 4), "G": (3, 4)})
case = derivation(loss, grad, **SPEC, name="s_cosh_08")
CAUSE = "sign"
FIX = "d cosh(x)/dx = +sinh(x); the rule must not negate it."
