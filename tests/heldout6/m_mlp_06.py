"""A classifier with two ReLU hidden layers of equal width, numpy:
h1 = relu(x W1 + b1), h2 = relu(h1 W2 + b2), L = cross_entropy(h2 W3 + b3, y);
x (8, 5), W1 (5, 6), W2 (6, 6), W3 (6, 3), y (8,) in 0..2.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, y, W1, b1, W2, b2, W3, b3):
    h1 = torch.relu(x @ W1 + b1)
    h2 = torch.relu(h1 @ W2 + b2)
    return F.cross_entropy(h2 @ W3 + b3, y)


def grad(x, y, W1, b1, W2, b2, W3, b3):
    N = x.shape[0]
    z1 = x.dot(W1) + b1
    h1 = np.maximum(0, z1)
    z2 = h1.dot(W2) + b2
    h2 = np.maximum(0, z2)
    scores = h2.dot(W3) + b3
    scores -= scores.max(axis=1, keepdims=True)
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    dscores = probs
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dW3 = h2.T.dot(dscores)
    db3 = dscores.sum(axis=0)
    dh2 = dscores.dot(W3.T)
    dz2 = dh2 * (z2 > 0)
    dW2 = h2.T.dot(dz2)  # <- wrong
    db2 = dz2.sum(axis=0)
    dh1 = dz2.dot(W2.T)
    dz1 = dh1 * (z1 > 0)
    dW1 = x.T.dot(dz1)
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2, dW3, db3


def grad_fixed(x, y, W1, b1, W2, b2, W3, b3):
    N = x.shape[0]
    z1 = x.dot(W1) + b1
    h1 = np.maximum(0, z1)
    z2 = h1.dot(W2) + b2
    h2 = np.maximum(0, z2)
    scores = h2.dot(W3) + b3
    scores -= scores.max(axis=1, keepdims=True)
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    dscores = probs
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dW3 = h2.T.dot(dscores)
    db3 = dscores.sum(axis=0)
    dh2 = dscores.dot(W3.T)
    dz2 = dh2 * (z2 > 0)
    dW2 = h1.T.dot(dz2)
    db2 = dz2.sum(axis=0)
    dh1 = dz2.dot(W2.T)
    dz1 = dh1 * (z1 > 0)
    dW1 = x.T.dot(dz1)
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2, dW3, db3


SPEC = dict(wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
            shapes={"x": (8, 5), "y": (8,), "W1": (5, 6), "b1": (6,), "W2": (6, 6),
                    "b2": (6,), "W3": (6, 3), "b3": (3,)},
            draws={"y": ("labels", 3)})
case = derivation(loss, grad, **SPEC, name="m_mlp_06")
CAUSE = "wrong-layer"
FIX = "W2 multiplies h1, so dW2 = h1^T dz2."
