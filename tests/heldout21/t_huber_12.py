"""Linear model with the Huber loss (delta = 1) averaged over every output element, numpy.

P = X W, L = huber_loss(P, T) = mean over all N*C entries of 0.5 r^2 (|r| <= 1) or |r| - 0.5;
X (3, 4), W (4, 2), T (3, 2).  Gradient with respect to W.
Mistake: the mean is undone by dividing by the batch size N only, not by N * C entries.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

DELTA = 1.0


def loss(W, X, T):
    return F.huber_loss(X @ W, T, delta=DELTA)


def grad(W, X, T):
    P = X @ W
    N, C = P.shape
    r = P - T
    dP = np.where(np.abs(r) <= DELTA, r, DELTA * np.sign(r))
    dP = dP / N  # <- wrong
    return X.T @ dP


def grad_fixed(W, X, T):
    P = X @ W
    N, C = P.shape
    r = P - T
    dP = np.where(np.abs(r) <= DELTA, r, DELTA * np.sign(r))
    dP = dP / (N * C)
    return X.T @ dP


SPEC = dict(wrt="W", shapes={"W": (4, 2), "X": (3, 4), "T": (3, 2)})
case = derivation(loss, grad, **SPEC, name="t_huber_12")
CAUSE = "wrong-divisor"
FIX = "huber_loss averages over all N * C elements, so dP is divided by N * C, not N."
