"""Softmax regression with an L2 penalty on the weights (not the bias), torch:
L = cross_entropy(X W + b, y) + lam ||W||^2, lam = 0.05;
X (N, D), W (D, C), b (C,), y (N,) labels, N = 10, D = 4, C = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation

LAM = 0.05


def loss(X, y, W, b):
    return F.cross_entropy(X @ W + b, y) + LAM * (W ** 2).sum()


def grad(X, y, W, b):
    N = X.shape[0]
    P = torch.softmax(X @ W + b, dim=1)
    dZ = (P - F.one_hot(y, W.shape[1]).to(P.dtype)) / N
    dW = X.T @ dZ + LAM * W  # <- wrong
    db = dZ.sum(0)
    return dW, db


def grad_fixed(X, y, W, b):
    N = X.shape[0]
    P = torch.softmax(X @ W + b, dim=1)
    dZ = (P - F.one_hot(y, W.shape[1]).to(P.dtype)) / N
    dW = X.T @ dZ + 2 * LAM * W
    db = dZ.sum(0)
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"X": ("N", "D"), "y": ("N",), "W": ("D", "C"), "b": ("C",)},
            draws={"y": ("labels", 3)}, sizes={"N": 10, "D": 4, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_reg_01")
CAUSE = "square-factor"
FIX = "The penalty lam ||W||^2 has no 1/2, so its gradient is 2 lam W."
