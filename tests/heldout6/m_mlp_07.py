"""A three-layer sigmoid regression network in torch:
h1 = sigmoid(X W1 + b1), h2 = sigmoid(h1 W2 + b2), out = h2 W3 + b3,
L = 1/(2N) sum (out - T)^2; X (7, 4), W1 (4, 5), W2 (5, 5), W3 (5, 5), T (7, 5).
"""

import torch

from verify import derivation


def loss(X, T, W1, b1, W2, b2, W3, b3):
    h1 = torch.sigmoid(X @ W1 + b1)
    h2 = torch.sigmoid(h1 @ W2 + b2)
    out = h2 @ W3 + b3
    return 0.5 * ((out - T) ** 2).sum() / X.shape[0]


def grad(X, T, W1, b1, W2, b2, W3, b3):
    N = X.shape[0]
    h1 = torch.sigmoid(X @ W1 + b1)
    h2 = torch.sigmoid(h1 @ W2 + b2)
    out = h2 @ W3 + b3
    dout = (out - T) / N
    dW3 = h2.T @ dout
    db3 = dout.sum(0)
    dz2 = (dout @ W3.T) * h2 * (1 - h2)
    dW2 = h1.T @ dz2
    db2 = dz2.sum(0)
    dh1 = dz2 @ W3.T  # <- wrong
    dz1 = dh1 * h1 * (1 - h1)
    dW1 = X.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2, dW3, db3


def grad_fixed(X, T, W1, b1, W2, b2, W3, b3):
    N = X.shape[0]
    h1 = torch.sigmoid(X @ W1 + b1)
    h2 = torch.sigmoid(h1 @ W2 + b2)
    out = h2 @ W3 + b3
    dout = (out - T) / N
    dW3 = h2.T @ dout
    db3 = dout.sum(0)
    dz2 = (dout @ W3.T) * h2 * (1 - h2)
    dW2 = h1.T @ dz2
    db2 = dz2.sum(0)
    dh1 = dz2 @ W2.T
    dz1 = dh1 * h1 * (1 - h1)
    dW1 = X.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2, dW3, db3


SPEC = dict(wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
            shapes={"X": (7, 4), "T": (7, 5), "W1": (4, 5), "b1": (5,), "W2": (5, 5),
                    "b2": (5,), "W3": (5, 5), "b3": (5,)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_mlp_07")
CAUSE = "wrong-layer"
FIX = "h1 reaches z2 through W2, so dh1 = dz2 W2^T."
