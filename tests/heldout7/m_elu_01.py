"""A hidden ELU layer (alpha = 1) between two affine maps, numpy layer classes:
h = elu(X W1 + b1), out = h w2, L = 1/2 sum_n (out_n - y_n)^2;
X (N, D), W1 (D, H), b1 (H,), w2 (H,), y (N,) with N = 6, D = 3, H = 5.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W1, b1, w2):
    out = F.elu(X @ W1 + b1, alpha=1.0) @ w2
    return 0.5 * ((out - y) ** 2).sum()


class ELU:
    def __init__(self, alpha=1.0):
        self.alpha = alpha
        self.x = None
        self.out = None

    def forward(self, x):
        self.x = x
        self.out = np.where(x > 0, x, self.alpha * (np.exp(np.minimum(x, 0.0)) - 1.0))
        return self.out

    def backward(self, dout):
        return dout  # <- wrong


class ELUFixed(ELU):
    def backward(self, dout):
        return dout * np.where(self.x > 0, 1.0, self.out + self.alpha)


def grad(X, y, W1, b1, w2):
    act = ELU()
    z = X @ W1 + b1
    h = act.forward(z)
    r = h @ w2 - y
    dw2 = h.T @ r
    dz = act.backward(np.outer(r, w2))
    return X.T @ dz, dz.sum(axis=0), dw2


def grad_fixed(X, y, W1, b1, w2):
    act = ELUFixed()
    z = X @ W1 + b1
    h = act.forward(z)
    r = h @ w2 - y
    dw2 = h.T @ r
    dz = act.backward(np.outer(r, w2))
    return X.T @ dz, dz.sum(axis=0), dw2


SPEC = dict(wrt=("W1", "b1", "w2"),
            shapes={"X": ("N", "D"), "y": ("N",), "W1": ("D", "H"), "b1": ("H",), "w2": ("H",)},
            draws={}, sizes={"N": 6, "D": 3, "H": 5})
case = derivation(loss, grad, **SPEC, name="m_elu_01")
CAUSE = "activation-derivative-missing"
FIX = "ELU.backward must multiply by the ELU's derivative, 1 for x > 0 and out + alpha below."
