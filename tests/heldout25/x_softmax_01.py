"""Softmax regression with cross-entropy on one-hot targets, averaged over the batch:
P = softmax(X W + b), L = -(1/N) sum_n sum_c T_nc log P_nc; X (N, D), W (D, C), b (C,), T (N, C).
"""

import torch

from verify import derivation


def loss(X, W, b, T):
    logp = torch.log_softmax(X @ W + b, dim=1)
    return -(T * logp).sum() / X.shape[0]


def grad(X, W, b, T):
    N = X.shape[0]
    scores = X @ W + b
    scores = scores - scores.max(dim=1, keepdim=True).values
    P = torch.exp(scores)
    P = P / P.sum(dim=1, keepdim=True)
    dscores = (T - P) / N  # <- wrong
    dW = X.T @ dscores
    db = dscores.sum(dim=0)
    return dW, db


def grad_fixed(X, W, b, T):
    N = X.shape[0]
    scores = X @ W + b
    scores = scores - scores.max(dim=1, keepdim=True).values
    P = torch.exp(scores)
    P = P / P.sum(dim=1, keepdim=True)
    dscores = (P - T) / N
    dW = X.T @ dscores
    db = dscores.sum(dim=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"X": ("N", "D"), "W": ("D", "C"), "b": ("C",), "T": ("N", "C")},
            draws={"T": "onehot"}, sizes={"N": 4, "D": 3, "C": 3})
case = derivation(loss, grad, **SPEC, name="x_softmax_01")
CAUSE = "sign"
FIX = "The gradient of cross-entropy with respect to the scores is P - T, not T - P."
