"""Softmax regression with one-hot targets, torch: Z = X W + b, P = softmax(Z) per row,
L = -1/N sum_{n,c} Y_nc log P_nc; X (N, D), W (D, C), b (C,), Y (N, C) one-hot
with N = 7, D = 5, C = 4 (examples in rows).
"""

import torch

from verify import derivation


def loss(X, W, b, Y):
    logp = torch.log_softmax(X @ W + b, dim=1)
    return -(Y * logp).sum() / X.shape[0]


def grad(X, W, b, Y):
    m = Y.shape[1]  # <- wrong
    Z = X @ W + b
    A = torch.softmax(Z, dim=1)
    dZ = (A - Y) / m
    dW = X.T @ dZ
    db = dZ.sum(dim=0)
    return dW, db


def grad_fixed(X, W, b, Y):
    m = Y.shape[0]
    Z = X @ W + b
    A = torch.softmax(Z, dim=1)
    dZ = (A - Y) / m
    dW = X.T @ dZ
    db = dZ.sum(dim=0)
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"X": ("N", "D"), "W": ("D", "C"), "b": ("C",), "Y": ("N", "C")},
            draws={"Y": "onehot"}, sizes={"N": 7, "D": 5, "C": 4})
case = derivation(loss, grad, **SPEC, name="m_softmax_02")
CAUSE = "wrong-divisor"
FIX = "With examples in rows the batch size is Y.shape[0]; Y.shape[1] is the number of classes."
