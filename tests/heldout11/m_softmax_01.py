"""Softmax regression with one-hot targets, mean cross-entropy over the batch, numpy:
S = X W + b, P = softmax(S) row-wise, L = -1/N sum_n sum_c T_nc log P_nc;
X (4, 5), W (5, 3), b (3,), T (4, 3) one-hot.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W, b, T):
    logp = torch.log_softmax(X @ W + b, dim=1)
    return -(T * logp).sum() / X.shape[0]


def grad(X, W, b, T):
    scores = X @ W + b
    scores = scores - np.max(scores, axis=1, keepdims=True)
    P = np.exp(scores)
    P /= np.sum(P, axis=1, keepdims=True)
    dS = (P - T) / scores.shape[1]  # <- wrong
    dW = X.T @ dS
    db = np.sum(dS, axis=0)
    return dW, db


def grad_fixed(X, W, b, T):
    scores = X @ W + b
    scores = scores - np.max(scores, axis=1, keepdims=True)
    P = np.exp(scores)
    P /= np.sum(P, axis=1, keepdims=True)
    dS = (P - T) / scores.shape[0]
    dW = X.T @ dS
    db = np.sum(dS, axis=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"X": (4, 5), "W": (5, 3), "b": (3,), "T": (4, 3)},
            draws={"T": "onehot"})
case = derivation(loss, grad, **SPEC, name="m_softmax_01")
CAUSE = "wrong-divisor"
FIX = "The mean is over the N = scores.shape[0] examples, not over the scores.shape[1] classes."
