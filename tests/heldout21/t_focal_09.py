"""Binary focal loss on a linear scorer, numpy (alpha = 0.25, gamma = 2).

z = X w, p_t = sigmoid(z) for y = 1 and 1 - sigmoid(z) for y = 0,
L = mean_i -alpha_t (1 - p_t)^gamma log p_t; X (6, 3), w (3,), y (6,) fixed 0/1 labels.
Gradient with respect to w.
Mistake: the per-example derivative dz is summed into dw without the 1/N of the mean.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation

ALPHA = 0.25
GAMMA = 2.0


def loss(w, X, y):
    z = X @ w
    logpt = F.logsigmoid((2 * y - 1) * z)
    pt = torch.exp(logpt)
    at = y * ALPHA + (1 - y) * (1 - ALPHA)
    return (-at * (1 - pt) ** GAMMA * logpt).mean()


def grad(w, X, y):
    z = X.dot(w)
    sgn = 2 * y - 1
    logpt = -np.logaddexp(0, -sgn * z)
    pt = np.exp(logpt)
    at = np.where(y > 0.5, ALPHA, 1 - ALPHA)
    dz = at * sgn * (GAMMA * (1 - pt) ** GAMMA * pt * logpt - (1 - pt) ** (GAMMA + 1))
    dw = X.T.dot(dz)  # <- wrong
    return dw


def grad_fixed(w, X, y):
    z = X.dot(w)
    sgn = 2 * y - 1
    logpt = -np.logaddexp(0, -sgn * z)
    pt = np.exp(logpt)
    at = np.where(y > 0.5, ALPHA, 1 - ALPHA)
    dz = at * sgn * (GAMMA * (1 - pt) ** GAMMA * pt * logpt - (1 - pt) ** (GAMMA + 1))
    dw = X.T.dot(dz) / X.shape[0]
    return dw


SPEC = dict(wrt="w", shapes={"w": (3,), "X": (6, 3), "y": (6,)},
            draws={"y": ("fixed", torch.tensor([1.0, 0.0, 0.0, 1.0, 0.0, 1.0]))})
case = derivation(loss, grad, **SPEC, name="t_focal_09")
CAUSE = "batch-mean"
FIX = "The focal loss is averaged over the N examples, so dw = X^T dz / N."
