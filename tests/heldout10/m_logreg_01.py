"""Logistic regression fitted with a squared error instead of cross-entropy, torch:
o = sigma(X w), L = F.mse_loss(o, t) (mean over N); X (N, D), w (D,), t (N,),
N = 10, D = 4.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, t, w):
    return F.mse_loss(torch.sigmoid(X @ w), t)


def grad(X, t, w):
    o = torch.sigmoid(X @ w)
    do = 2 * (o - t) / X.shape[0]
    dz = do  # <- wrong
    return X.T @ dz


def grad_fixed(X, t, w):
    o = torch.sigmoid(X @ w)
    do = 2 * (o - t) / X.shape[0]
    dz = do * o * (1 - o)
    return X.T @ dz


SPEC = dict(wrt="w", shapes={"X": ("N", "D"), "t": ("N",), "w": ("D",)},
            draws={"t": "uniform"}, sizes={"N": 10, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_logreg_01")
CAUSE = "activation-derivative-missing"
FIX = "With a squared error the sigmoid does not cancel: dz = do * o * (1 - o)."
