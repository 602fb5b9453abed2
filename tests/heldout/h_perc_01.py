"""Adaline (a linear perceptron) trained with the Widrow-Hoff rule, one example at a time:
E = 1/2 sum_n (w . x_n + b - t_n)^2;
X (N, D), w (D,), b (1,), t (N,).
"""

import numpy as np

from verify import derivation


def loss(w, b, X, t):
    """E = 1/2 sum_n (w . x_n + b - t_n)^2."""
    y = X @ w + b
    return 0.5 * ((y - t) ** 2).sum()


def grad(w, b, X, t):
    dw = np.zeros_like(w)
    db = np.zeros_like(b)
    for n in range(X.shape[0]):
        y_n = np.dot(w, X[n]) + b[0]
        err = 2.0 * (y_n - t[n])  # <- wrong
        dw += err * X[n]
        db += err
    return dw, db


def grad_fixed(w, b, X, t):
    dw = np.zeros_like(w)
    db = np.zeros_like(b)
    for n in range(X.shape[0]):
        y_n = np.dot(w, X[n]) + b[0]
        err = (y_n - t[n])
        dw += err * X[n]
        db += err
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"w": ("D",), "b": (1,), "X": ("N", "D"), "t": ("N",)},
            sizes={"N": 6, "D": 3})
case = derivation(loss, grad, **SPEC, name="h_perc_01")
CAUSE = "square-factor"
FIX = "The 1/2 in front of the square cancels the 2 of the power rule: err = y_n - t_n."
