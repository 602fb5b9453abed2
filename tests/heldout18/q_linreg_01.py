"""patrickloeber/pytorchTutorial, 05_1_gradientdescent_manually.py, fixed by PR #10
(https://github.com/patrickloeber/pytorchTutorial/pull/10; see also PR #11: "np.dot() gives a
scalar, so np.dot().mean() does not give the correct gradient").
Linear regression f = w * x with J = MSE = mean((w*x - y)**2); the comment says
dJ/dw = 1/N * 2x(w*x - y), but np.dot already sums, so .mean() of the scalar divides by nothing.
w scalar, x (4,), y (4,).
"""

import numpy as np

from verify import derivation


def loss(w, x, y):
    return ((w * x - y) ** 2).mean()


def grad(w, x, y):
    y_pred = w * x
    return np.dot(2*x, y_pred - y).mean()  # <- wrong


def grad_fixed(w, x, y):
    y_pred = w * x
    return np.mean(2*x*(y_pred - y))


SPEC = dict(wrt="w", shapes={"w": (), "x": (4,), "y": (4,)})
case = derivation(loss, grad, **SPEC, name="q_linreg_01")
CAUSE = "batch-mean"
FIX = "np.dot already sums over the N samples, so the mean of the squared error needs 1/N: np.mean(2*x*(y_pred - y))."
