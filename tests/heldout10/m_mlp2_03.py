"""A two-layer sigmoid network with the textbook error, torch backward:
h = sigma(X W1 + b1), o = sigma(h W2 + b2), E = 1/2 sum (o - T)^2;
X (N, D), W1 (D, H), W2 (H, H), T (N, H): three hidden units and three outputs,
N = 6, D = 4, H = 3.
"""

import torch

from verify import derivation


def loss(X, T, W1, b1, W2, b2):
    o = torch.sigmoid(torch.sigmoid(X @ W1 + b1) @ W2 + b2)
    return 0.5 * ((o - T) ** 2).sum()


def grad(X, T, W1, b1, W2, b2):
    h = torch.sigmoid(X @ W1 + b1)
    o = torch.sigmoid(h @ W2 + b2)
    delta_o = (o - T) * o * (1 - o)
    dW2 = h.T @ delta_o
    db2 = delta_o.sum(0)
    delta_h = (delta_o @ W2.T) * o * (1 - o)  # <- wrong
    dW1 = X.T @ delta_h
    db1 = delta_h.sum(0)
    return dW1, db1, dW2, db2


def grad_fixed(X, T, W1, b1, W2, b2):
    h = torch.sigmoid(X @ W1 + b1)
    o = torch.sigmoid(h @ W2 + b2)
    delta_o = (o - T) * o * (1 - o)
    dW2 = h.T @ delta_o
    db2 = delta_o.sum(0)
    delta_h = (delta_o @ W2.T) * h * (1 - h)
    dW1 = X.T @ delta_h
    db1 = delta_h.sum(0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "T": ("N", "H"), "W1": ("D", "H"), "b1": ("H",),
                    "W2": ("H", "H"), "b2": ("H",)},
            draws={"T": "uniform"}, sizes={"N": 6, "D": 4, "H": 3})
case = derivation(loss, grad, **SPEC, name="m_mlp2_03")
CAUSE = "wrong-layer"
FIX = "The hidden delta needs the hidden layer's own derivative h (1 - h), not the output's."
