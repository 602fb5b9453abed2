"""Two-layer ReLU classifier in CS231n style, numpy: h = relu(X W1 + b1),
scores = h W2 + b2, loss = mean softmax cross-entropy over the batch with integer labels;
X (N, D), W1 (D, D), b1 (D,), W2 (D, C), b2 (C,), y (N,) labels, N = 5, D = 4 (the hidden
layer is as wide as the input), C = 3. Gradients of W1 and W2.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W1, b1, W2, b2, y):
    h = torch.relu(X @ W1 + b1)
    return F.cross_entropy(h @ W2 + b2, y)


def grad(X, W1, b1, W2, b2, y):
    N = X.shape[0]
    hidden = np.maximum(0, X @ W1 + b1)
    scores = hidden @ W2 + b2
    scores = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dW2 = X.T @ dscores  # <- wrong
    dhidden = dscores @ W2.T
    dhidden[hidden <= 0] = 0
    dW1 = X.T @ dhidden
    return dW1, dW2


def grad_fixed(X, W1, b1, W2, b2, y):
    N = X.shape[0]
    hidden = np.maximum(0, X @ W1 + b1)
    scores = hidden @ W2 + b2
    scores = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dW2 = hidden.T @ dscores
    dhidden = dscores @ W2.T
    dhidden[hidden <= 0] = 0
    dW1 = X.T @ dhidden
    return dW1, dW2


SPEC = dict(numpy=True, wrt=("W1", "W2"),
            shapes={"X": ("N", "D"), "W1": ("D", "D"), "b1": ("D",), "W2": ("D", "C"),
                    "b2": ("C",), "y": ("N",)},
            draws={"y": ("labels", "C")}, sizes={"N": 5, "D": 4, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_mlp_02")
CAUSE = "wrong-layer"
FIX = "The second layer's input is the hidden activation, so dW2 = hidden^T dscores, not X^T dscores."
