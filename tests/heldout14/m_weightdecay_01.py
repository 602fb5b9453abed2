"""A linear softmax classifier with cross-entropy averaged over the batch and an L2 penalty,
torch: P = softmax(X W), L = -(1/N) sum_n log P_{n, y_n} + lambda sum W^2;
W (4, 3), X (5, 4), y (5,) labels.
"""

import torch
import torch.nn.functional as F

from verify import derivation

LAM = 0.1


def loss(W, X, y):
    return F.cross_entropy(X @ W, y) + LAM * (W ** 2).sum()


def grad(W, X, y):
    N = X.shape[0]
    P = torch.softmax(X @ W, dim=1)
    Y = F.one_hot(y, W.shape[1]).to(P.dtype)
    dW = X.T @ (P - Y) / N
    dW = dW + LAM * W  # <- wrong
    return dW


def grad_fixed(W, X, y):
    N = X.shape[0]
    P = torch.softmax(X @ W, dim=1)
    Y = F.one_hot(y, W.shape[1]).to(P.dtype)
    dW = X.T @ (P - Y) / N
    dW = dW + 2 * LAM * W
    return dW


SPEC = dict(wrt="W", shapes={"W": (4, 3), "X": (5, 4), "y": (5,)}, draws={"y": ("labels", 3)},
            sizes={})
case = derivation(loss, grad, **SPEC, name="m_weightdecay_01")
CAUSE = "wrong-coefficient"
FIX = "The penalty is lambda sum W^2 with no 1/2, so its gradient is 2 lambda W."
