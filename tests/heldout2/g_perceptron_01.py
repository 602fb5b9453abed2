"""A single tanh unit trained with the delta rule, one example at a time (torch):
E = 1/2 sum_n (tanh(x_n . w + b) - y_n)^2; X (6, 4), w (4,), b (1,), y (6,).
"""

import torch

from verify import derivation


def loss(w, b, X, y):
    """E = 1/2 sum_n (o_n - y_n)^2 with o_n = tanh(x_n . w + b)."""
    out = torch.tanh(X @ w + b)
    return 0.5 * ((out - y) ** 2).sum()


def grad(w, b, X, y):
    dw = torch.zeros_like(w)
    db = torch.zeros_like(b)
    for x_i, y_i in zip(X, y, strict=True):
        o_i = torch.tanh(x_i @ w + b)
        err = y_i - o_i  # <- wrong
        delta = err * (1 - o_i ** 2)
        dw = dw + delta * x_i
        db = db + delta
    return dw, db


def grad_fixed(w, b, X, y):
    dw = torch.zeros_like(w)
    db = torch.zeros_like(b)
    for x_i, y_i in zip(X, y, strict=True):
        o_i = torch.tanh(x_i @ w + b)
        err = o_i - y_i
        delta = err * (1 - o_i ** 2)
        dw = dw + delta * x_i
        db = db + delta
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"w": (4,), "b": (1,), "X": (6, 4), "y": (6,)})
case = derivation(loss, grad, **SPEC, name="g_perceptron_01")
CAUSE = "sign"
FIX = "The error of dE/do is (o - y), not the update direction (y - o)."
