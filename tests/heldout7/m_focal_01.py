"""A linear model trained with the binary focal loss (gamma = 2, no alpha), in plain Python:
z_n = w . x_n, p_t = sigma(z_n) if y_n = 1 else 1 - sigma(z_n), L = -1/N sum_n (1 - p_t)^2 log p_t;
X (N, D), y (N,) labels in {0, 1}, w (1, D) with N = 6, D = 3.
"""

import math

import torch
import torch.nn.functional as F

from verify import derivation

GAMMA = 2.0


def loss(X, y, w):
    z = (X @ w.T).squeeze(1)
    sz = torch.where(y == 1, z, -z)
    log_pt = F.logsigmoid(sz)
    return -((1 - torch.exp(log_pt)) ** GAMMA * log_pt).mean()


def _log_sigmoid(v):
    if v >= 0:
        return -math.log1p(math.exp(-v))
    return v - math.log1p(math.exp(v))


def grad(X, y, w):
    n, dim = len(X), len(X[0])
    dw = [[0.0] * dim]
    for i in range(n):
        z = sum(float(w[0][d]) * float(X[i][d]) for d in range(dim))
        s = 1.0 if int(y[i]) == 1 else -1.0
        log_pt = _log_sigmoid(s * z)
        pt = math.exp(log_pt)
        dL_dsz = pt * (1 - pt) ** GAMMA * log_pt - (1 - pt) ** (GAMMA + 1)  # <- wrong
        for d in range(dim):
            dw[0][d] += s * dL_dsz * float(X[i][d]) / n
    return dw


def grad_fixed(X, y, w):
    n, dim = len(X), len(X[0])
    dw = [[0.0] * dim]
    for i in range(n):
        z = sum(float(w[0][d]) * float(X[i][d]) for d in range(dim))
        s = 1.0 if int(y[i]) == 1 else -1.0
        log_pt = _log_sigmoid(s * z)
        pt = math.exp(log_pt)
        dL_dsz = GAMMA * pt * (1 - pt) ** GAMMA * log_pt - (1 - pt) ** (GAMMA + 1)
        for d in range(dim):
            dw[0][d] += s * dL_dsz * float(X[i][d]) / n
    return dw


SPEC = dict(wrt="w",
            shapes={"X": ("N", "D"), "y": ("N",), "w": (1, "D")},
            draws={"y": ("labels", 2)}, sizes={"N": 6, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_focal_01")
CAUSE = "wrong-coefficient"
FIX = "Differentiating (1 - p_t)^gamma brings down gamma: the first term is gamma p_t (1 - p_t)^gamma log p_t."
