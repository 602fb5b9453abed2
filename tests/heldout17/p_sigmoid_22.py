"""Sigmoid hidden layer under a softmax cross-entropy output, numpy:
Z1 = X W1 + b1, A1 = sigmoid(Z1), logits = A1 W2, L = mean_n CE(softmax(logits_n), Y_n), Y one-hot;
X (N, D), W1 (D, M), b1 (M,), W2 (M, C), Y (N, C); N = 5, D = 4, M = 3, C = 6.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, b1, W2, Y):
    logits = torch.sigmoid(X @ W1 + b1) @ W2
    return -(Y * torch.log_softmax(logits, dim=1)).sum(dim=1).mean()


def grad(X, W1, b1, W2, Y):
    Z1 = X @ W1 + b1
    A1 = 1 / (1 + np.exp(-Z1))
    logits = A1 @ W2
    logits -= logits.max(axis=1, keepdims=True)
    P = np.exp(logits)
    P /= P.sum(axis=1, keepdims=True)
    dlogits = (P - Y) / X.shape[0]
    dW2 = A1.T @ dlogits
    dA1 = dlogits @ W2.T
    dZ1 = dA1 * Z1 * (1 - Z1)  # <- wrong
    return X.T @ dZ1, dZ1.sum(axis=0), dW2


def grad_fixed(X, W1, b1, W2, Y):
    Z1 = X @ W1 + b1
    A1 = 1 / (1 + np.exp(-Z1))
    logits = A1 @ W2
    logits -= logits.max(axis=1, keepdims=True)
    P = np.exp(logits)
    P /= P.sum(axis=1, keepdims=True)
    dlogits = (P - Y) / X.shape[0]
    dW2 = A1.T @ dlogits
    dA1 = dlogits @ W2.T
    dZ1 = dA1 * A1 * (1 - A1)
    return X.T @ dZ1, dZ1.sum(axis=0), dW2


SPEC = dict(wrt=("W1", "b1", "W2"),
            shapes={"X": ("N", "D"), "W1": ("D", "M"), "b1": ("M",), "W2": ("M", "C"), "Y": ("N", "C")},
            sizes={"N": 5, "D": 4, "M": 3, "C": 6}, draws={"Y": "onehot"})
case = derivation(loss, grad, **SPEC, name="p_sigmoid_22")
CAUSE = "activation-derivative-of-input"
FIX = "sigma'(Z1) = A1 (1 - A1), computed from the sigmoid's output, not Z1 (1 - Z1)."
