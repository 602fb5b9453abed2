"""A two-layer regression MLP in numpy, tanh hidden layer and linear output, trained with
torch's F.mse_loss (mean over all N * K outputs): h = tanh(X W1 + b1), out = h W2 + b2;
X (10, 4), W1 (4, 6), b1 (6,), W2 (6, 3), b2 (3,), T (10, 3).
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, T, W1, b1, W2, b2):
    h = torch.tanh(X @ W1 + b1)
    return F.mse_loss(h @ W2 + b2, T)


def grad(X, T, W1, b1, W2, b2):
    h = np.tanh(X @ W1 + b1)
    out = h @ W2 + b2
    dout = out - T  # <- wrong
    dW2 = h.T @ dout
    db2 = dout.sum(axis=0)
    dh = dout @ W2.T
    dz = dh * (1 - h ** 2)
    dW1 = X.T @ dz
    db1 = dz.sum(axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(X, T, W1, b1, W2, b2):
    h = np.tanh(X @ W1 + b1)
    out = h @ W2 + b2
    dout = 2 * (out - T) / out.size
    dW2 = h.T @ dout
    db2 = dout.sum(axis=0)
    dh = dout @ W2.T
    dz = dh * (1 - h ** 2)
    dW1 = X.T @ dz
    db1 = dz.sum(axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(numpy=True, wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": (10, 4), "T": (10, 3), "W1": (4, 6), "b1": (6,), "W2": (6, 3),
                    "b2": (3,)})
case = derivation(loss, grad, **SPEC, name="m_mlp_01")
CAUSE = "mse-convention"
FIX = "F.mse_loss is the mean of squares, so dL/dout = 2 (out - T) / out.size, not out - T."
