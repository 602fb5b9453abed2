"""A two-layer network with a sigmoid hidden layer and a softmax classifier, CS231n-style numpy
returning a dict of gradients: h = sigma(X W1 + b1), scores = h W2 + b2, L = mean cross-entropy;
X (N, D), W1 (D, H), b1 (H,), W2 (H, C), b2 (C,), y (N,) labels with N = 10, D = 4, H = 8, C = 3.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W1, b1, W2, b2):
    scores = torch.sigmoid(X @ W1 + b1) @ W2 + b2
    return F.cross_entropy(scores, y)


def grad(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    h = 1.0 / (1.0 + np.exp(-(X.dot(W1) + b1)))
    scores = h.dot(W2) + b2
    scores -= scores.max(axis=1, keepdims=True)
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    dscores = probs
    dscores[np.arange(N), y] -= 1
    dscores /= N
    grads = {}
    grads["W2"] = h.T.dot(dscores)
    grads["b2"] = dscores.sum(axis=0)
    dh = dscores.dot(W2.T)  # <- wrong
    grads["W1"] = X.T.dot(dh)
    grads["b1"] = dh.sum(axis=0)
    return grads


def grad_fixed(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    h = 1.0 / (1.0 + np.exp(-(X.dot(W1) + b1)))
    scores = h.dot(W2) + b2
    scores -= scores.max(axis=1, keepdims=True)
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    dscores = probs
    dscores[np.arange(N), y] -= 1
    dscores /= N
    grads = {}
    grads["W2"] = h.T.dot(dscores)
    grads["b2"] = dscores.sum(axis=0)
    dh = dscores.dot(W2.T) * h * (1 - h)
    grads["W1"] = X.T.dot(dh)
    grads["b1"] = dh.sum(axis=0)
    return grads


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": (10, 4), "y": (10,), "W1": (4, 8), "b1": (8,), "W2": (8, 3), "b2": (3,)},
            draws={"y": ("labels", 3)}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_mlp_02")
CAUSE = "activation-derivative-missing"
FIX = "Backpropagating through the sigmoid multiplies by its derivative: dh = dscores W2^T * h (1 - h)."
