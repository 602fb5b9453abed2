"""Two-layer ReLU MLP with a logistic output, torch tensors, manual backward.

h = relu(X W1 + b1), logits = h W2, L = mean BCE-with-logits(logits, y);
X (4, 3), W1 (3, 5), b1 (5,), W2 (5, 1), y (4, 1) soft targets.  Gradients wrt W1, b1, W2.
Mistake: dlogits already carries the 1/N of the mean, and dW1 divides by N a second time.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(W1, b1, W2, X, y):
    return F.binary_cross_entropy_with_logits(torch.relu(X @ W1 + b1) @ W2, y)


def grad(W1, b1, W2, X, y):
    N = X.shape[0]
    z1 = X @ W1 + b1
    h = torch.relu(z1)
    logits = h @ W2
    dlogits = (torch.sigmoid(logits) - y) / N
    dW2 = h.T @ dlogits
    dh = dlogits @ W2.T
    dz1 = dh * (z1 > 0)
    dW1 = X.T @ dz1 / N  # <- wrong
    db1 = dz1.sum(0)
    return dW1, db1, dW2


def grad_fixed(W1, b1, W2, X, y):
    N = X.shape[0]
    z1 = X @ W1 + b1
    h = torch.relu(z1)
    logits = h @ W2
    dlogits = (torch.sigmoid(logits) - y) / N
    dW2 = h.T @ dlogits
    dh = dlogits @ W2.T
    dz1 = dh * (z1 > 0)
    dW1 = X.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2


SPEC = dict(wrt=("W1", "b1", "W2"),
            shapes={"W1": (3, 5), "b1": (5,), "W2": (5, 1), "X": (4, 3), "y": (4, 1)},
            draws={"y": "uniform"})
case = derivation(loss, grad, **SPEC, name="t_mlp_08")
CAUSE = "batch-mean"
FIX = "dz1 already holds the 1/N from dlogits, so dW1 = X^T dz1 without a second division by N."
