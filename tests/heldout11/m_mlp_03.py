"""A two-layer sigmoid network whose hidden and output layers have the same width, torch:
h = sigma(X W1 + b1), y = sigma(h W2 + b2), E = 1/2 sum_{n,k} (y_nk - T_nk)^2;
X (N, D), W1 (D, H), b1 (H,), W2 (H, H), b2 (H,), T (N, H) with N = 5, D = 3, H = 4.
"""

import torch

from verify import derivation


def loss(X, T, W1, b1, W2, b2):
    y = torch.sigmoid(torch.sigmoid(X @ W1 + b1) @ W2 + b2)
    return 0.5 * ((y - T) ** 2).sum()


def grad(X, T, W1, b1, W2, b2):
    h = torch.sigmoid(X @ W1 + b1)
    y = torch.sigmoid(h @ W2 + b2)
    delta_out = (y - T) * y * (1 - y)
    dW2 = h.T @ delta_out
    db2 = delta_out.sum(dim=0)
    delta_hid = (delta_out @ W2.T) * y * (1 - y)  # <- wrong
    dW1 = X.T @ delta_hid
    db1 = delta_hid.sum(dim=0)
    return dW1, db1, dW2, db2


def grad_fixed(X, T, W1, b1, W2, b2):
    h = torch.sigmoid(X @ W1 + b1)
    y = torch.sigmoid(h @ W2 + b2)
    delta_out = (y - T) * y * (1 - y)
    dW2 = h.T @ delta_out
    db2 = delta_out.sum(dim=0)
    delta_hid = (delta_out @ W2.T) * h * (1 - h)
    dW1 = X.T @ delta_hid
    db1 = delta_hid.sum(dim=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "T": ("N", "H"), "W1": ("D", "H"), "b1": ("H",),
                    "W2": ("H", "H"), "b2": ("H",)},
            draws={"T": "uniform"}, sizes={"N": 5, "D": 3, "H": 4})
case = derivation(loss, grad, **SPEC, name="m_mlp_03")
CAUSE = "wrong-layer"
FIX = "The hidden delta uses the hidden layer's own derivative h (1 - h), not the output's y (1 - y)."
