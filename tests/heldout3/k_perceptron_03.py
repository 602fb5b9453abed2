"""A logistic perceptron trained by hand in numpy: z = X w + b, L = mean over the batch of
BCE-with-logits(z, t); X (5, 4), w (4, 1), b (1,), t (5, 1) in (0, 1).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, w, b, t):
    return F.binary_cross_entropy_with_logits(X @ w + b, t)


def grad(X, w, b, t):
    N = X.shape[0]
    z = X @ w + b
    p = 1.0 / (1.0 + np.exp(-z))
    dz = (t - p) / N  # <- wrong
    dw = X.T @ dz
    db = dz.sum(axis=0)
    return dw, db


def grad_fixed(X, w, b, t):
    N = X.shape[0]
    z = X @ w + b
    p = 1.0 / (1.0 + np.exp(-z))
    dz = (p - t) / N
    dw = X.T @ dz
    db = dz.sum(axis=0)
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"X": (5, 4), "w": (4, 1), "b": (1,), "t": (5, 1)},
            draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="k_perceptron_03")
CAUSE = "sign"
FIX = "dL/dz of the cross-entropy is (p - t) / N, not (t - p) / N (that is the descent direction)."
