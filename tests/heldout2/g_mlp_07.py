"""A sigmoid hidden layer with a logistic output, torch's mean binary cross-entropy:
L = BCEWithLogits(sigma(X W1 + b1) W2 + b2, y); X (5, 3), W1 (3, 4), W2 (4, 1), y (5, 1).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W1, b1, W2, b2, y):
    """L = mean_n BCE(sigma(logit_n), y_n)."""
    logits = torch.sigmoid(X @ W1 + b1) @ W2 + b2
    return F.binary_cross_entropy_with_logits(logits, y)


def grad(X, W1, b1, W2, b2, y):
    n = y.shape[0]
    z1 = X @ W1 + b1
    a1 = torch.sigmoid(z1)
    logits = a1 @ W2 + b2
    dlogits = (torch.sigmoid(logits) - y) / n
    dW2 = z1.T @ dlogits  # <- wrong
    db2 = dlogits.sum(0)
    da1 = dlogits @ W2.T
    dz1 = da1 * a1 * (1 - a1)
    dW1 = X.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


def grad_fixed(X, W1, b1, W2, b2, y):
    n = y.shape[0]
    z1 = X @ W1 + b1
    a1 = torch.sigmoid(z1)
    logits = a1 @ W2 + b2
    dlogits = (torch.sigmoid(logits) - y) / n
    dW2 = a1.T @ dlogits
    db2 = dlogits.sum(0)
    da1 = dlogits @ W2.T
    dz1 = da1 * a1 * (1 - a1)
    dW1 = X.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": (5, 3), "W1": (3, 4), "b1": (4,), "W2": (4, 1), "b2": (1,),
                    "y": (5, 1)},
            draws={"y": "uniform"})
case = derivation(loss, grad, **SPEC, name="g_mlp_07")
CAUSE = "wrong-operand"
FIX = "The output layer's input is the activation a1, not z1: dW2 = a1^T dlogits."
