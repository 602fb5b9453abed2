"""A harmonic chain of springs, numpy:
E = 1/2 sum_i k_i (x_{i+1} - x_i - 1)^2 over positions x (6,) and stiffnesses k (5,) > 0;
the gradient is minus the force on each bead.
"""

import numpy as np

from verify import derivation


def loss(x, k):
    stretch = x[1:] - x[:-1] - 1.0
    return 0.5 * (k * stretch ** 2).sum()


def grad(x, k):
    x = np.asarray(x)
    k = np.asarray(k)
    stretch = np.diff(x) - 1.0
    tension = 2.0 * k * stretch  # <- wrong
    dx = np.zeros_like(x)
    dx[1:] += tension
    dx[:-1] -= tension
    return dx


def grad_fixed(x, k):
    x = np.asarray(x)
    k = np.asarray(k)
    stretch = np.diff(x) - 1.0
    tension = k * stretch
    dx = np.zeros_like(x)
    dx[1:] += tension
    dx[:-1] -= tension
    return dx


SPEC = dict(wrt="x", shapes={"x": (6,), "k": (5,)}, draws={"k": "positive"}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_energy_01")
CAUSE = "square-factor"
FIX = "The energy's 1/2 cancels the 2 of the square, so the tension is k * stretch."
