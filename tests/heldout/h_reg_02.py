"""Linear softmax classifier with L2 weight decay (CS231n softmax_loss_vectorized):
L = 1/N sum_n -log softmax(X W)_{n, y_n} + REG sum W^2;
X (9, 4), W (4, 3), y (9,) integer labels in [0, 3).
"""

import torch
import torch.nn.functional as F

from verify import derivation

REG = 0.3


def loss(X, W, y):
    """Mean cross-entropy plus REG * ||W||_F^2."""
    return F.cross_entropy(X @ W, y) + REG * (W * W).sum()


def grad(X, W, y):
    N = X.shape[0]
    scores = X @ W
    probs = torch.softmax(scores, dim=1)
    dscores = probs.clone()
    dscores[torch.arange(N), y] -= 1
    dscores /= N
    dW = X.T @ dscores  # <- wrong
    return dW


def grad_fixed(X, W, y):
    N = X.shape[0]
    scores = X @ W
    probs = torch.softmax(scores, dim=1)
    dscores = probs.clone()
    dscores[torch.arange(N), y] -= 1
    dscores /= N
    dW = X.T @ dscores + 2 * REG * W
    return dW


SPEC = dict(wrt="W", shapes={"X": (9, 4), "W": (4, 3), "y": (9,)}, draws={"y": ("labels", 3)})
case = derivation(loss, grad, **SPEC, name="h_reg_02")
CAUSE = "missing-term"
FIX = "The weight decay has a gradient too: dW = X^T dscores + 2 REG W."
