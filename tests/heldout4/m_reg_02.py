"""Lasso-style linear regression, torch: loss = 1/2 mean over the batch of (X w - y)^2 +
lam * sum |w|, lam = 0.05; X (N, D), w (D,), y (N,), N = 8, D = 5. Gradient of w.
"""

import torch

from verify import derivation

LAM = 0.05


def loss(X, w, y):
    return 0.5 * ((X @ w - y) ** 2).mean() + LAM * w.abs().sum()


def grad(X, w, y):
    r = X @ w - y
    dw_data = X.T @ r / X.shape[0]
    dw_reg = LAM * w  # <- wrong
    return dw_data + dw_reg


def grad_fixed(X, w, y):
    r = X @ w - y
    dw_data = X.T @ r / X.shape[0]
    dw_reg = LAM * torch.sign(w)
    return dw_data + dw_reg


SPEC = dict(wrt="w", shapes={"X": ("N", "D"), "w": ("D",), "y": ("N",)}, sizes={"N": 8, "D": 5})
case = derivation(loss, grad, **SPEC, name="m_reg_02")
CAUSE = "wrong-operand"
FIX = "The L1 penalty's (sub)gradient is lam * sign(w), not lam * w, which belongs to an L2 penalty."
