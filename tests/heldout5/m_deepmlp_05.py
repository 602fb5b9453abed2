"""A classifier with two ReLU hidden layers of the same width, torch flat function:
h1 = relu(X W1 + b1), h2 = relu(h1 W2 + b2), L = cross_entropy(h2 W3 + b3, y);
X (10, 6), W1 (6, 8), W2 (8, 8), W3 (8, 5), b1 (8,), b2 (8,), b3 (5,), y (10,) in 0..4.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W1, b1, W2, b2, W3, b3):
    h1 = torch.relu(X @ W1 + b1)
    h2 = torch.relu(h1 @ W2 + b2)
    return F.cross_entropy(h2 @ W3 + b3, y)


def grad(X, y, W1, b1, W2, b2, W3, b3):
    N = X.shape[0]
    z1 = X @ W1 + b1
    h1 = z1.clamp(min=0)
    z2 = h1 @ W2 + b2
    h2 = z2.clamp(min=0)
    logits = h2 @ W3 + b3
    p = torch.softmax(logits, dim=1)
    delta3 = (p - F.one_hot(y, logits.shape[1]).to(p.dtype)) / N
    delta2 = (delta3 @ W3.T) * (z2 > 0)
    delta1 = (delta2 @ W2.T) * (z2 > 0)  # <- wrong
    grads = {"W3": h2.T @ delta3, "b3": delta3.sum(0),
             "W2": h1.T @ delta2, "b2": delta2.sum(0),
             "W1": X.T @ delta1, "b1": delta1.sum(0)}
    return grads


def grad_fixed(X, y, W1, b1, W2, b2, W3, b3):
    N = X.shape[0]
    z1 = X @ W1 + b1
    h1 = z1.clamp(min=0)
    z2 = h1 @ W2 + b2
    h2 = z2.clamp(min=0)
    logits = h2 @ W3 + b3
    p = torch.softmax(logits, dim=1)
    delta3 = (p - F.one_hot(y, logits.shape[1]).to(p.dtype)) / N
    delta2 = (delta3 @ W3.T) * (z2 > 0)
    delta1 = (delta2 @ W2.T) * (z1 > 0)
    grads = {"W3": h2.T @ delta3, "b3": delta3.sum(0),
             "W2": h1.T @ delta2, "b2": delta2.sum(0),
             "W1": X.T @ delta1, "b1": delta1.sum(0)}
    return grads


SPEC = dict(wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
            shapes={"X": (10, 6), "y": (10,), "W1": (6, 8), "b1": (8,), "W2": (8, 8),
                    "b2": (8,), "W3": (8, 5), "b3": (5,)},
            draws={"y": ("labels", 5)})
case = derivation(loss, grad, **SPEC, name="m_deepmlp_05")
CAUSE = "wrong-layer"
FIX = "delta1 is gated by the first hidden layer's ReLU, (z1 > 0), not the second layer's (z2 > 0)."
