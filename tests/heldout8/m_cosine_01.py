"""Cosine embedding loss pulling projections towards targets, numpy:
a = X W, L = mean_n (1 - cos(a_n, B_n));
X (N, D), W (D, K), B (N, K), N = 5, D = 3, K = 4.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, B, W):
    return (1 - F.cosine_similarity(X @ W, B, dim=1)).mean()


def grad(X, B, W):
    X, B, W = np.asarray(X), np.asarray(B), np.asarray(W)
    N = X.shape[0]
    a = X @ W
    na = np.linalg.norm(a, axis=1, keepdims=True)
    a_hat = a / na
    b_hat = B / np.linalg.norm(B, axis=1, keepdims=True)
    cos = (a_hat * b_hat).sum(axis=1, keepdims=True)
    dcos = np.full((N, 1), 1.0 / N)  # <- wrong
    da = dcos * (b_hat - cos * a_hat) / na
    return X.T @ da


def grad_fixed(X, B, W):
    X, B, W = np.asarray(X), np.asarray(B), np.asarray(W)
    N = X.shape[0]
    a = X @ W
    na = np.linalg.norm(a, axis=1, keepdims=True)
    a_hat = a / na
    b_hat = B / np.linalg.norm(B, axis=1, keepdims=True)
    cos = (a_hat * b_hat).sum(axis=1, keepdims=True)
    dcos = np.full((N, 1), -1.0 / N)
    da = dcos * (b_hat - cos * a_hat) / na
    return X.T @ da


SPEC = dict(wrt="W", shapes={"X": ("N", "D"), "B": ("N", "K"), "W": ("D", "K")},
            draws={}, sizes={"N": 5, "D": 3, "K": 4})
case = derivation(loss, grad, **SPEC, name="m_cosine_01")
CAUSE = "sign"
FIX = "The loss is 1 - cos, so the upstream gradient of each cosine is -1/N, not +1/N."
