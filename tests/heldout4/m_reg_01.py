"""A linear softmax classifier with L2 weight decay written with a 1/2, numpy:
loss = mean softmax cross-entropy of X W over the batch + 0.5 * reg * sum(W^2), reg = 0.1;
X (N, D), W (D, C), y (N,) labels, N = 5, D = 4, C = 3. Gradient of W.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

REG = 0.1


def loss(X, W, y):
    return F.cross_entropy(X @ W, y) + 0.5 * REG * (W ** 2).sum()


def grad(X, W, y):
    N = X.shape[0]
    scores = X @ W
    probs = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    probs[np.arange(N), y] -= 1
    dW = X.T @ probs / N
    dW += 2 * REG * W  # <- wrong
    return dW


def grad_fixed(X, W, y):
    N = X.shape[0]
    scores = X @ W
    probs = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    probs[np.arange(N), y] -= 1
    dW = X.T @ probs / N
    dW += REG * W
    return dW


SPEC = dict(wrt="W", numpy=True, shapes={"X": ("N", "D"), "W": ("D", "C"), "y": ("N",)},
            draws={"y": ("labels", "C")}, sizes={"N": 5, "D": 4, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_reg_01")
CAUSE = "square-factor"
FIX = "The 1/2 in 0.5 * reg * sum(W^2) cancels the square's 2, so the decay term is reg * W."
