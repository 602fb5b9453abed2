"""Binary focal loss (gamma = 2) on a linear classifier, torch: z = X w + b, p = sigma(z),
pt = p for positives and 1 - p for negatives, L = mean -(1 - pt)^gamma log pt;
X (N, D), w (D,), b (1,), Y (N, 2) one-hot labels (column 0: positive) with N = 8, D = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation

GAMMA = 2.0


def loss(X, Y, w, b):
    s = 2 * Y[:, 0] - 1
    z = X @ w + b
    pt = torch.sigmoid(s * z)
    return (-(1 - pt) ** GAMMA * F.logsigmoid(s * z)).mean()


def grad(X, Y, w, b):
    N = X.shape[0]
    s = 2 * Y[:, 0] - 1  # +1 for positives, -1 for negatives: pt = sigma(s z)
    z = X @ w + b
    p = torch.sigmoid(z)
    pt = torch.sigmoid(s * z)
    logpt = F.logsigmoid(s * z)
    # d/du of -(1 - sigma(u))^gamma log sigma(u), with u = s z
    du = (1 - pt) ** GAMMA * (GAMMA * p * logpt - (1 - pt))  # <- wrong
    dz = s * du / N
    dw = X.T @ dz
    db = dz.sum().reshape(1)
    return dw, db


def grad_fixed(X, Y, w, b):
    N = X.shape[0]
    s = 2 * Y[:, 0] - 1  # +1 for positives, -1 for negatives: pt = sigma(s z)
    z = X @ w + b
    p = torch.sigmoid(z)
    pt = torch.sigmoid(s * z)
    logpt = F.logsigmoid(s * z)
    # d/du of -(1 - sigma(u))^gamma log sigma(u), with u = s z
    du = (1 - pt) ** GAMMA * (GAMMA * pt * logpt - (1 - pt))
    dz = s * du / N
    dw = X.T @ dz
    db = dz.sum().reshape(1)
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "Y": ("N", 2), "w": ("D",), "b": (1,)},
            draws={"Y": "onehot"}, sizes={"N": 8, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_focal_01")
CAUSE = "wrong-operand"
FIX = "The modulating term differentiates in pt, so the factor is GAMMA * pt * logpt, not GAMMA * p * logpt."
