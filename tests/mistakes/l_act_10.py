"""One sigmoid unit over a batch under torch's mse_loss, in torch.

x (N, D) drawn N(0, 0.5^2), w (D,), t (N,) targets in (0, 1), o = sigma(x w),
L = mse_loss(o, t) = 1/N sum (o - t)^2.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(w, x, t):
    return F.mse_loss(torch.sigmoid(x @ w), t)


def grad(w, x, t):
    o = torch.sigmoid(x @ w)
    err = o - t  # <- wrong
    delta = err * o * (1 - o)
    dw = x.T @ delta
    return dw


def grad_fixed(w, x, t):
    o = torch.sigmoid(x @ w)
    err = 2 * (o - t) / t.shape[0]
    delta = err * o * (1 - o)
    dw = x.T @ delta
    return dw


SPEC = dict(wrt="w", shapes={"w": ("D",), "x": ("N", "D"), "t": ("N",)},
            draws={"t": "uniform", "x": ("normal", 0.5)}, sizes={"N": 4, "D": 3})
case = derivation(loss, grad, **SPEC, name="l_act_10")
CAUSE = "mse-convention"
FIX = "Use mse_loss's derivative 2 (o - t) / N, not the 1/2-sum-of-squares (o - t)."
