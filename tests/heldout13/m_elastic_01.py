"""Linear regression with an elastic-net penalty, torch:
L = F.mse_loss(X w, y) + l1 ||w||_1 + l2 ||w||^2 with l1 = 0.05, l2 = 0.3;
X (N, D), w (D,), y (N,) with N = 5, D = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation

L1 = 0.05
L2 = 0.3


def loss(X, w, y):
    return F.mse_loss(X @ w, y) + L1 * w.abs().sum() + L2 * (w ** 2).sum()


def grad(X, w, y):
    N = X.shape[0]
    r = X @ w - y
    g_data = 2 * X.T @ r / N
    g_l1 = L1 * torch.sign(w)
    g_l2 = L2 * w  # <- wrong
    return g_data + g_l1 + g_l2


def grad_fixed(X, w, y):
    N = X.shape[0]
    r = X @ w - y
    g_data = 2 * X.T @ r / N
    g_l1 = L1 * torch.sign(w)
    g_l2 = 2 * L2 * w
    return g_data + g_l1 + g_l2


SPEC = dict(wrt="w", shapes={"X": ("N", "D"), "w": ("D",), "y": ("N",)}, draws={},
            sizes={"N": 5, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_elastic_01")
CAUSE = "wrong-coefficient"
FIX = "The squared penalty l2 ||w||^2 has the gradient 2 l2 w."
