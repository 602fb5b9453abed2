"""A two-layer tanh classifier in numpy: h = tanh(x W1 + b1), L = cross_entropy(h W2 + b2, y);
x (9, 6), W1 (6, 7), W2 (7, 4), y (9,) in 0..3.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, y, W1, b1, W2, b2):
    return F.cross_entropy(torch.tanh(x @ W1 + b1) @ W2 + b2, y)


def grad(x, y, W1, b1, W2, b2):
    N = x.shape[0]
    h = np.tanh(np.dot(x, W1) + b1)
    scores = np.dot(h, W2) + b2
    exp = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    probs = exp / np.sum(exp, axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[range(N), y] -= 1
    dscores /= N
    dW2 = np.dot(h.T, dscores)
    db2 = np.sum(dscores, axis=0)
    dhidden = np.dot(dscores, W2.T)
    dz = dhidden  # <- wrong
    dW1 = np.dot(x.T, dz)
    db1 = np.sum(dz, axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(x, y, W1, b1, W2, b2):
    N = x.shape[0]
    h = np.tanh(np.dot(x, W1) + b1)
    scores = np.dot(h, W2) + b2
    exp = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    probs = exp / np.sum(exp, axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[range(N), y] -= 1
    dscores /= N
    dW2 = np.dot(h.T, dscores)
    db2 = np.sum(dscores, axis=0)
    dhidden = np.dot(dscores, W2.T)
    dz = dhidden * (1 - h ** 2)
    dW1 = np.dot(x.T, dz)
    db1 = np.sum(dz, axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": (9, 6), "y": (9,), "W1": (6, 7), "b1": (7,), "W2": (7, 4),
                    "b2": (4,)},
            draws={"y": ("labels", 4)})
case = derivation(loss, grad, **SPEC, name="m_mlp_05")
CAUSE = "activation-derivative-missing"
FIX = "The hidden gradient must be multiplied by tanh' = 1 - h^2."
