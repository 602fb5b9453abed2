"""A swish (SiLU) hidden layer under a softmax classifier, torch:
z = X W1 + b1, h = z sigma(z), s = h W2, L = -1/N sum_n log softmax(s_n)[y_n];
X (N, D), W1 (D, H), b1 (H,), W2 (H, C), y (N,) labels with N = 5, D = 3, H = 4, C = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W1, b1, W2, y):
    return F.cross_entropy(F.silu(X @ W1 + b1) @ W2, y)


def grad(X, W1, b1, W2, y):
    N = X.shape[0]
    z = X @ W1 + b1
    sig = torch.sigmoid(z)
    h = z * sig
    p = torch.softmax(h @ W2, dim=1)
    ds = (p - F.one_hot(y, W2.shape[1]).to(p.dtype)) / N
    dW2 = h.T @ ds
    dh = ds @ W2.T
    dz = dh  # <- wrong
    dW1 = X.T @ dz
    db1 = dz.sum(dim=0)
    return dW1, db1, dW2


def grad_fixed(X, W1, b1, W2, y):
    N = X.shape[0]
    z = X @ W1 + b1
    sig = torch.sigmoid(z)
    h = z * sig
    p = torch.softmax(h @ W2, dim=1)
    ds = (p - F.one_hot(y, W2.shape[1]).to(p.dtype)) / N
    dW2 = h.T @ ds
    dh = ds @ W2.T
    dz = dh * (sig + z * sig * (1 - sig))
    dW1 = X.T @ dz
    db1 = dz.sum(dim=0)
    return dW1, db1, dW2


SPEC = dict(wrt=("W1", "b1", "W2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "C"),
                    "y": ("N",)},
            draws={"y": ("labels", "C")}, sizes={"N": 5, "D": 3, "H": 4, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_swish_01")
CAUSE = "activation-derivative-missing"
FIX = "Back through swish multiply by its derivative sigma(z) + z sigma(z) (1 - sigma(z))."
