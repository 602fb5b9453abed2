"""A two-hidden-layer ReLU classifier with examples as columns (Nielsen's layout) and a
softmax cross-entropy summed over the batch: X (D, N), W1 (H, D), W2 (H, H), W3 (C, H),
Y (N, C) one-hot rows; L = -sum_n log softmax(W3 relu(W2 relu(W1 X)))_{y_n, n}.
"""

import numpy as np
import torch

from verify import derivation


def loss(W1, W2, W3, X, Y):
    """L = -sum(Y^T * log_softmax(scores, over classes)), scores (C, N)."""
    h2 = torch.relu(W2 @ torch.relu(W1 @ X))
    return -(Y.T * torch.log_softmax(W3 @ h2, dim=0)).sum()


def grad(W1, W2, W3, X, Y):
    h1 = np.maximum(0, W1 @ X)
    h2 = np.maximum(0, W2 @ h1)
    scores = W3 @ h2
    e = np.exp(scores - scores.max(axis=0, keepdims=True))
    probs = e / e.sum(axis=1, keepdims=True)  # <- wrong
    d3 = probs - Y.T
    dW3 = d3 @ h2.T
    d2 = (W3.T @ d3) * (h2 > 0)
    dW2 = d2 @ h1.T
    d1 = (W2.T @ d2) * (h1 > 0)
    dW1 = d1 @ X.T
    return dW1, dW2, dW3


def grad_fixed(W1, W2, W3, X, Y):
    h1 = np.maximum(0, W1 @ X)
    h2 = np.maximum(0, W2 @ h1)
    scores = W3 @ h2
    e = np.exp(scores - scores.max(axis=0, keepdims=True))
    probs = e / e.sum(axis=0, keepdims=True)
    d3 = probs - Y.T
    dW3 = d3 @ h2.T
    d2 = (W3.T @ d3) * (h2 > 0)
    dW2 = d2 @ h1.T
    d1 = (W2.T @ d2) * (h1 > 0)
    dW1 = d1 @ X.T
    return dW1, dW2, dW3


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"W1": ("H", "D"), "W2": ("H", "H"), "W3": ("C", "H"), "X": ("D", "N"),
                    "Y": ("N", "C")},
            sizes={"D": 3, "H": 6, "C": 4, "N": 5},
            draws={"Y": "onehot"})
case = derivation(loss, grad, **SPEC, name="g_deep_05")
CAUSE = "reduction-axis"
FIX = "With examples as columns the softmax normalises over the classes, axis 0, not axis 1."
