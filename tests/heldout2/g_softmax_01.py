"""A linear softmax classifier whose loss is the cross-entropy summed over the batch:
L = sum_n -log softmax(x_n W)_{y_n}; X (6, 4), W (4, 3), Y (6, 3) one-hot (torch).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(W, X, Y):
    """L = F.cross_entropy(X W, Y, reduction="sum") with one-hot targets."""
    return F.cross_entropy(X @ W, Y, reduction="sum")


def grad(W, X, Y):
    scores = X @ W
    P = torch.softmax(scores, dim=1)
    dscores = (P - Y) / X.shape[0]  # <- wrong
    dW = X.T @ dscores
    return dW


def grad_fixed(W, X, Y):
    scores = X @ W
    P = torch.softmax(scores, dim=1)
    dscores = P - Y
    dW = X.T @ dscores
    return dW


SPEC = dict(wrt="W", shapes={"W": ("D", "C"), "X": ("N", "D"), "Y": ("N", "C")},
            sizes={"N": 6, "D": 4, "C": 3}, draws={"Y": "onehot"})
case = derivation(loss, grad, **SPEC, name="g_softmax_01")
CAUSE = "batch-mean"
FIX = "reduction='sum' has no 1/N: dscores = P - Y."
