"""A tanh hidden layer under a softmax classifier, torch:
z1 = X W1 + b1, h = tanh(z1), s = h W2 + b2, L = -1/N sum_n log softmax(s_n)[y_n];
X (N, D), W1 (D, H), b1 (H,), W2 (H, C), b2 (C,), y (N,) with N = 5, D = 4, H = 3, C = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W1, b1, W2, b2):
    return F.cross_entropy(torch.tanh(X @ W1 + b1) @ W2 + b2, y)


def grad(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    z1 = X @ W1 + b1
    h = torch.tanh(z1)
    s = h @ W2 + b2
    ds = torch.softmax(s, dim=1)
    ds[torch.arange(N), y] -= 1
    ds = ds / N
    dW2 = h.T @ ds
    db2 = ds.sum(0)
    dh = ds @ W2.T
    dz1 = dh * (1 - z1 ** 2)  # <- wrong
    dW1 = X.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


def grad_fixed(X, y, W1, b1, W2, b2):
    N = X.shape[0]
    z1 = X @ W1 + b1
    h = torch.tanh(z1)
    s = h @ W2 + b2
    ds = torch.softmax(s, dim=1)
    ds[torch.arange(N), y] -= 1
    ds = ds / N
    dW2 = h.T @ ds
    db2 = ds.sum(0)
    dh = ds @ W2.T
    dz1 = dh * (1 - h ** 2)
    dW1 = X.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "y": ("N",), "W1": ("D", "H"), "b1": ("H",),
                    "W2": ("H", "C"), "b2": ("C",)},
            draws={"y": ("labels", "C")}, sizes={"N": 5, "D": 4, "H": 3, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_tanh_01")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(z1) = 1 - tanh(z1)^2 = 1 - h^2, written with the output h, not the input z1."
