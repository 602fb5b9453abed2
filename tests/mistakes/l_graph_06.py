"""The chain rule on an add node then a square node, element by element in Python loops.

x (D,), y (D,), t_i = x_i + y_i, z = sum_i t_i^2 (numpy arrays, scalar loops).
"""

import numpy as np

from verify import derivation


def loss(x, y):
    return ((x + y) ** 2).sum()


def grad(x, y):
    dx = np.zeros_like(x)
    dy = np.zeros_like(y)
    for i in range(len(x)):
        t = x[i] + y[i]
        dt = t  # <- wrong
        dx[i] = dt
        dy[i] = dt
    return dx, dy


def grad_fixed(x, y):
    dx = np.zeros_like(x)
    dy = np.zeros_like(y)
    for i in range(len(x)):
        t = x[i] + y[i]
        dt = 2 * t
        dx[i] = dt
        dy[i] = dt
    return dx, dy


SPEC = dict(wrt=("x", "y"), shapes={"x": ("D",), "y": ("D",)}, sizes={"D": 3})
case = derivation(loss, grad, **SPEC, name="l_graph_06")
CAUSE = "square-factor"
FIX = "The square node's derivative is 2 t, not t."
