"""A sigmoid perceptron trained with F.mse_loss over a batch, numpy backward:
o = sigmoid(X w), L = mse_loss(o, t) = mean_n (o_n - t_n)^2;
X (10, 4), w (4,), t (10,) targets in (0.1, 0.9).
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, t, w):
    return F.mse_loss(torch.sigmoid(X @ w), t)


def grad(X, t, w):
    X, t, w = np.asarray(X), np.asarray(t), np.asarray(w)
    N = X.shape[0]
    o = 1 / (1 + np.exp(-(X @ w)))
    delta = (o - t) * o * (1 - o) / N  # <- wrong
    return X.T @ delta


def grad_fixed(X, t, w):
    X, t, w = np.asarray(X), np.asarray(t), np.asarray(w)
    N = X.shape[0]
    o = 1 / (1 + np.exp(-(X @ w)))
    delta = 2 * (o - t) * o * (1 - o) / N
    return X.T @ delta


SPEC = dict(wrt="w", shapes={"X": (10, 4), "t": (10,), "w": (4,)},
            draws={"t": "uniform"}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_perceptron_01")
CAUSE = "mse-convention"
FIX = "mse_loss is the plain mean of squares, whose derivative carries a 2: delta = 2 (o - t) o (1 - o) / N."
