"""Logistic regression with weight decay in numpy: mean binary cross-entropy + LAM/2 |w|^2.

x (N, D), w (D,), t (N,) targets in (0, 1), p = sigma(x w),
L = -1/N sum (t log p + (1 - t) log(1 - p)) + 0.5 LAM sum w^2.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

LAM = 0.1


def loss(w, x, t):
    return F.binary_cross_entropy_with_logits(x @ w, t) + 0.5 * LAM * (w**2).sum()


def grad(w, x, t):
    N = x.shape[0]
    p = 1.0 / (1.0 + np.exp(-x.dot(w)))
    ddata = x.T.dot(p - t) / N
    dreg = 2 * LAM * w  # <- wrong
    return ddata + dreg


def grad_fixed(w, x, t):
    N = x.shape[0]
    p = 1.0 / (1.0 + np.exp(-x.dot(w)))
    ddata = x.T.dot(p - t) / N
    dreg = LAM * w
    return ddata + dreg


SPEC = dict(wrt="w", shapes={"w": (3,), "x": (6, 3), "t": (6,)}, draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="l_reg_03")
CAUSE = "square-factor"
FIX = "The gradient of 0.5 * LAM * sum(w**2) is LAM * w, not 2 * LAM * w."
