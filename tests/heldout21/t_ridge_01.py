"""Ridge regression in numpy, written like a course assignment.

pred = X w + b, loss L = 0.5 * mean((pred - y)^2) + lam * ||w||^2 with lam = 0.1;
X (5, 3), w (3,), b (1,), y (5,).  Gradients with respect to w and b.
Mistake: the penalty lam * ||w||^2 is differentiated as lam * w, dropping the 2 of the square.
"""

import numpy as np

from verify import derivation

LAM = 0.1


def loss(w, b, X, y):
    r = X @ w + b - y
    return 0.5 * (r ** 2).mean() + LAM * (w ** 2).sum()


def grad(w, b, X, y):
    num_examples = X.shape[0]
    pred = X.dot(w) + b
    resid = pred - y
    dw = X.T.dot(resid) / num_examples
    dw += LAM * w  # <- wrong
    db = np.array([resid.sum() / num_examples])
    return dw, db


def grad_fixed(w, b, X, y):
    num_examples = X.shape[0]
    pred = X.dot(w) + b
    resid = pred - y
    dw = X.T.dot(resid) / num_examples
    dw += 2 * LAM * w
    db = np.array([resid.sum() / num_examples])
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"w": (3,), "b": (1,), "X": (5, 3), "y": (5,)})
case = derivation(loss, grad, **SPEC, name="t_ridge_01")
CAUSE = "square-factor"
FIX = "The derivative of lam * ||w||^2 is 2 * lam * w, so the penalty adds 2 * LAM * w to dw."
