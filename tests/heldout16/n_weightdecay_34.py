"""Softmax regression with cross-entropy and an L2 penalty on the weights, numpy:
Z = X W + b, L = -1/N sum_n Y_n . log softmax(Z_n) + lam ||W||_F^2 (lam = 0.05, bias not penalised);
X (N, D), W (D, C), b (C,), Y (N, C) one-hot; N = 6, D = 4, C = 3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

LAM = 0.05


def loss(X, W, b, Y):
    ce = -(Y * F.log_softmax(X @ W + b, dim=1)).sum() / X.shape[0]
    return ce + LAM * (W ** 2).sum()


def grad(X, W, b, Y):
    N = X.shape[0]
    Z = X @ W + b
    Z = Z - Z.max(axis=1, keepdims=True)
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    dZ = (P - Y) / N
    dW = X.T @ dZ  # <- wrong
    db = dZ.sum(axis=0)
    return dW, db


def grad_fixed(X, W, b, Y):
    N = X.shape[0]
    Z = X @ W + b
    Z = Z - Z.max(axis=1, keepdims=True)
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    dZ = (P - Y) / N
    dW = X.T @ dZ + 2 * LAM * W
    db = dZ.sum(axis=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"X": ("N", "D"), "W": ("D", "C"), "b": ("C",), "Y": ("N", "C")},
            sizes={"N": 6, "D": 4, "C": 3}, draws={"Y": "onehot"})
case = derivation(loss, grad, **SPEC, name="n_weightdecay_34")
CAUSE = "missing-term"
FIX = "The penalty lam ||W||^2 contributes its own gradient, so dW = X.T @ dZ + 2 * LAM * W."
