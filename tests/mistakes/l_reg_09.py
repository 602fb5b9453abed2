"""A linear model under the Huber loss (delta 1, mean over the batch), in numpy.

x (N, D), w (D,), t (N,), d = x w - t,
L = 1/N sum_n (d_n^2 / 2 if |d_n| <= 1 else |d_n| - 1/2).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

DELTA = 1.0


def loss(w, x, t):
    return F.huber_loss(x @ w, t, delta=DELTA)


def grad(w, x, t):
    N = x.shape[0]
    d = x.dot(w) - t
    quadratic = 2 * d  # <- wrong
    linear = DELTA * np.sign(d)
    dd = np.where(np.abs(d) <= DELTA, quadratic, linear) / N
    return x.T.dot(dd)


def grad_fixed(w, x, t):
    N = x.shape[0]
    d = x.dot(w) - t
    quadratic = d
    linear = DELTA * np.sign(d)
    dd = np.where(np.abs(d) <= DELTA, quadratic, linear) / N
    return x.T.dot(dd)


SPEC = dict(wrt="w", shapes={"w": (3,), "x": (8, 3), "t": (8,)})
case = derivation(loss, grad, **SPEC, name="l_reg_09")
CAUSE = "square-factor"
FIX = "Inside the delta the loss is d**2 / 2, so its derivative is d, not 2 * d."
