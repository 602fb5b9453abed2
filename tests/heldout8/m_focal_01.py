"""Binary focal loss on a linear model (gamma = 2), torch:
p = sigmoid(X w), p_t = p if y = 1 else 1 - p, L = mean_n -(1 - p_t)^gamma log p_t;
X (N, D), w (D,), y (N,) in {0, 1}, N = 8, D = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation

GAMMA = 2.0


def loss(X, y, w):
    sgn = 2.0 * y.to(X.dtype) - 1.0
    log_pt = F.logsigmoid(sgn * (X @ w))
    return (-(1 - log_pt.exp()) ** GAMMA * log_pt).mean()


def grad(X, y, w):
    N = X.shape[0]
    sgn = 2.0 * y.to(X.dtype) - 1.0
    z = X @ w
    p = torch.sigmoid(z)
    log_pt = F.logsigmoid(sgn * z)
    pt = log_pt.exp()
    dL_dpt = GAMMA * (1 - pt) ** (GAMMA - 1) * log_pt - (1 - pt) ** GAMMA / p  # <- wrong
    dpt_dz = sgn * pt * (1 - pt)
    dz = dL_dpt * dpt_dz / N
    return X.T @ dz


def grad_fixed(X, y, w):
    N = X.shape[0]
    sgn = 2.0 * y.to(X.dtype) - 1.0
    z = X @ w
    p = torch.sigmoid(z)
    log_pt = F.logsigmoid(sgn * z)
    pt = log_pt.exp()
    dL_dpt = GAMMA * (1 - pt) ** (GAMMA - 1) * log_pt - (1 - pt) ** GAMMA / pt
    dpt_dz = sgn * pt * (1 - pt)
    dz = dL_dpt * dpt_dz / N
    return X.T @ dz


SPEC = dict(wrt="w", shapes={"X": ("N", "D"), "y": ("N",), "w": ("D",)},
            draws={"y": ("labels", 2)}, sizes={"N": 8, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_focal_01")
CAUSE = "wrong-operand"
FIX = "The derivative of -log p_t is -1/p_t: the last term divides by pt, not by p."
